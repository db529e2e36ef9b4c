; bnnverify 0.1.0 robustness instance (smt2)
; model_sha256 303df41152624160787320a09e7682e0293b68bb5272d9f12cacc9b2b9a65556
; property robustness
; index 83
; label 9
; eps 2
; targets 0
; encoding qf-lia
; fixed_neurons 490 of 500
; expected unsat (holds)
; meaning: satisfiable iff some integer x with |x_i - x0_i| <= eps, clipped to [0, 255], has score_c(x) >= score_label(x) for a target c
; names: 'box i lo hi' bounds pixel i; 'in i k var': var <-> x_i >= lo_i + k; 'beats c var': var -> score_c >= score_label
; box 0 0 2
; in 0 1 940
; in 0 2 941
; box 2 0 2
; in 2 1 2
; in 2 2 3
; box 3 0 2
; in 3 1 149
; in 3 2 150
; box 4 0 2
; in 4 1 375
; in 4 2 376
; box 5 0 2
; in 5 1 4
; in 5 2 5
; box 6 0 2
; in 6 1 151
; in 6 2 152
; box 7 0 2
; in 7 1 6
; in 7 2 7
; box 8 0 2
; in 8 1 659
; in 8 2 660
; box 9 0 2
; in 9 1 858
; in 9 2 859
; box 10 0 2
; in 10 1 153
; in 10 2 154
; box 11 0 2
; in 11 1 155
; in 11 2 156
; box 12 0 2
; in 12 1 492
; in 12 2 493
; box 13 0 2
; in 13 1 8
; in 13 2 9
; box 14 0 2
; in 14 1 10
; in 14 2 11
; box 15 0 2
; in 15 1 860
; in 15 2 861
; box 16 0 2
; in 16 1 157
; in 16 2 158
; box 17 0 2
; in 17 1 159
; in 17 2 160
; box 18 0 2
; in 18 1 377
; in 18 2 378
; box 19 0 2
; in 19 1 379
; in 19 2 380
; box 20 0 2
; in 20 1 12
; in 20 2 13
; box 21 0 2
; in 21 1 14
; in 21 2 15
; box 22 0 2
; in 22 1 161
; in 22 2 162
; box 24 0 2
; in 24 1 942
; in 24 2 943
; box 28 0 2
; in 28 1 944
; in 28 2 945
; box 30 0 2
; in 30 1 163
; in 30 2 164
; box 31 0 2
; in 31 1 381
; in 31 2 382
; box 32 0 2
; in 32 1 383
; in 32 2 384
; box 33 0 2
; in 33 1 385
; in 33 2 386
; box 35 0 2
; in 35 1 165
; in 35 2 166
; box 36 0 2
; in 36 1 661
; in 36 2 662
; box 37 0 2
; in 37 1 167
; in 37 2 168
; box 38 0 2
; in 38 1 946
; in 38 2 947
; box 42 0 2
; in 42 1 663
; in 42 2 664
; box 43 0 2
; in 43 1 665
; in 43 2 666
; box 45 0 2
; in 45 1 16
; in 45 2 17
; box 46 0 2
; in 46 1 18
; in 46 2 19
; box 48 0 2
; in 48 1 387
; in 48 2 388
; box 50 0 2
; in 50 1 667
; in 50 2 668
; box 51 0 2
; in 51 1 389
; in 51 2 390
; box 52 0 2
; in 52 1 494
; in 52 2 495
; box 55 0 2
; in 55 1 669
; in 55 2 670
; box 58 0 2
; in 58 1 169
; in 58 2 170
; box 59 0 2
; in 59 1 391
; in 59 2 392
; box 60 0 2
; in 60 1 393
; in 60 2 394
; box 63 0 2
; in 63 1 20
; in 63 2 21
; box 64 0 2
; in 64 1 22
; in 64 2 23
; box 65 0 2
; in 65 1 862
; in 65 2 863
; box 69 0 2
; in 69 1 671
; in 69 2 672
; box 70 0 2
; in 70 1 673
; in 70 2 674
; box 71 0 2
; in 71 1 171
; in 71 2 172
; box 73 0 2
; in 73 1 24
; in 73 2 25
; box 75 0 2
; in 75 1 675
; in 75 2 676
; box 76 0 2
; in 76 1 26
; in 76 2 27
; box 77 0 2
; in 77 1 864
; in 77 2 865
; box 78 0 2
; in 78 1 173
; in 78 2 174
; box 80 0 2
; in 80 1 175
; in 80 2 176
; box 81 0 2
; in 81 1 177
; in 81 2 178
; box 82 0 2
; in 82 1 28
; in 82 2 29
; box 83 0 2
; in 83 1 496
; in 83 2 497
; box 87 0 2
; in 87 1 30
; in 87 2 31
; box 88 0 2
; in 88 1 677
; in 88 2 678
; box 90 0 2
; in 90 1 866
; in 90 2 867
; box 91 0 2
; in 91 1 32
; in 91 2 33
; box 92 0 2
; in 92 1 34
; in 92 2 35
; box 93 0 2
; in 93 1 395
; in 93 2 396
; box 94 0 2
; in 94 1 179
; in 94 2 180
; box 96 0 2
; in 96 1 181
; in 96 2 182
; box 97 0 2
; in 97 1 679
; in 97 2 680
; box 98 0 2
; in 98 1 681
; in 98 2 682
; box 99 0 2
; in 99 1 683
; in 99 2 684
; box 103 0 2
; in 103 1 397
; in 103 2 398
; box 104 0 2
; in 104 1 36
; in 104 2 37
; box 105 0 2
; in 105 1 38
; in 105 2 39
; box 108 0 2
; in 108 1 948
; in 108 2 949
; box 109 0 2
; in 109 1 40
; in 109 2 41
; box 114 0 2
; in 114 1 42
; in 114 2 43
; box 115 0 2
; in 115 1 183
; in 115 2 184
; box 116 0 2
; in 116 1 44
; in 116 2 45
; box 117 0 2
; in 117 1 685
; in 117 2 686
; box 119 0 2
; in 119 1 687
; in 119 2 688
; box 120 0 2
; in 120 1 689
; in 120 2 690
; box 122 0 2
; in 122 1 46
; in 122 2 47
; box 125 0 2
; in 125 1 691
; in 125 2 692
; box 126 0 2
; in 126 1 48
; in 126 2 49
; box 131 0 2
; in 131 1 185
; in 131 2 186
; box 134 0 2
; in 134 1 50
; in 134 2 51
; box 135 0 2
; in 135 1 52
; in 135 2 53
; box 137 0 2
; in 137 1 187
; in 137 2 188
; box 139 0 2
; in 139 1 189
; in 139 2 190
; box 140 0 2
; in 140 1 54
; in 140 2 55
; box 141 0 2
; in 141 1 191
; in 141 2 192
; box 142 0 2
; in 142 1 56
; in 142 2 57
; box 143 0 2
; in 143 1 193
; in 143 2 194
; box 144 0 2
; in 144 1 693
; in 144 2 694
; box 148 0 2
; in 148 1 695
; in 148 2 696
; box 151 0 2
; in 151 1 58
; in 151 2 59
; box 152 0 2
; in 152 1 60
; in 152 2 61
; box 153 2 6
; in 153 1 62
; in 153 2 63
; in 153 3 64
; in 153 4 65
; box 154 0 2
; in 154 1 66
; in 154 2 67
; box 157 0 2
; in 157 1 68
; in 157 2 69
; box 160 188 192
; in 160 1 697
; in 160 2 698
; in 160 3 699
; in 160 4 700
; box 163 177 181
; in 163 1 70
; in 163 2 71
; in 163 3 72
; in 163 4 73
; box 167 114 118
; in 167 1 498
; in 167 2 499
; in 167 3 500
; in 167 4 501
; box 168 0 2
; in 168 1 701
; in 168 2 702
; box 169 0 2
; in 169 1 399
; in 169 2 400
; box 171 0 2
; in 171 1 195
; in 171 2 196
; box 172 0 2
; in 172 1 703
; in 172 2 704
; box 173 0 2
; in 173 1 74
; in 173 2 75
; box 178 0 2
; in 178 1 401
; in 178 2 402
; box 185 217 221
; in 185 1 502
; in 185 2 503
; in 185 3 504
; in 185 4 505
; box 191 253 255
; in 191 1 76
; in 191 2 77
; box 192 253 255
; in 192 1 506
; in 192 2 507
; box 193 253 255
; in 193 1 197
; in 193 2 198
; box 194 187 191
; in 194 1 199
; in 194 2 200
; in 194 3 201
; in 194 4 202
; box 195 0 2
; in 195 1 868
; in 195 2 869
; box 196 0 2
; in 196 1 705
; in 196 2 706
; box 197 0 2
; in 197 1 508
; in 197 2 509
; box 200 0 2
; in 200 1 78
; in 200 2 79
; box 201 0 2
; in 201 1 707
; in 201 2 708
; box 202 0 2
; in 202 1 709
; in 202 2 710
; box 206 0 2
; in 206 1 203
; in 206 2 204
; box 211 227 231
; in 211 1 870
; in 211 2 871
; in 211 3 872
; in 211 4 873
; box 219 241 245
; in 219 1 205
; in 219 2 206
; in 219 3 207
; in 219 4 208
; box 220 232 236
; in 220 1 510
; in 220 2 511
; in 220 3 512
; in 220 4 513
; box 221 249 253
; in 221 1 209
; in 221 2 210
; in 221 3 211
; in 221 4 212
; box 222 47 51
; in 222 1 213
; in 222 2 214
; in 222 3 215
; in 222 4 216
; box 224 0 2
; in 224 1 80
; in 224 2 81
; box 225 0 2
; in 225 1 711
; in 225 2 712
; box 227 0 2
; in 227 1 403
; in 227 2 404
; box 228 0 2
; in 228 1 82
; in 228 2 83
; box 229 0 2
; in 229 1 713
; in 229 2 714
; box 230 0 2
; in 230 1 715
; in 230 2 716
; box 232 0 2
; in 232 1 217
; in 232 2 218
; box 234 0 2
; in 234 1 84
; in 234 2 85
; box 235 3 7
; in 235 1 717
; in 235 2 718
; in 235 3 719
; in 235 4 720
; box 236 0 2
; in 236 1 721
; in 236 2 722
; box 243 237 241
; in 243 1 514
; in 243 2 515
; in 243 3 516
; in 243 4 517
; box 247 243 247
; in 247 1 874
; in 247 2 875
; in 247 3 876
; in 247 4 877
; box 251 0 2
; in 251 1 723
; in 251 2 724
; box 252 0 2
; in 252 1 86
; in 252 2 87
; box 255 0 2
; in 255 1 219
; in 255 2 220
; box 256 0 2
; in 256 1 221
; in 256 2 222
; box 257 0 2
; in 257 1 950
; in 257 2 951
; box 259 0 2
; in 259 1 725
; in 259 2 726
; box 262 0 2
; in 262 1 878
; in 262 2 879
; box 263 6 10
; in 263 1 223
; in 263 2 224
; in 263 3 225
; in 263 4 226
; box 264 0 2
; in 264 1 727
; in 264 2 728
; box 268 228 232
; in 268 1 518
; in 268 2 519
; in 268 3 520
; in 268 4 521
; box 270 249 253
; in 270 1 729
; in 270 2 730
; in 270 3 731
; in 270 4 732
; box 273 241 245
; in 273 1 522
; in 273 2 523
; in 273 3 524
; in 273 4 525
; box 274 245 249
; in 274 1 405
; in 274 2 406
; in 274 3 407
; in 274 4 408
; box 276 248 252
; in 276 1 733
; in 276 2 734
; in 276 3 735
; in 276 4 736
; box 279 0 2
; in 279 1 737
; in 279 2 738
; box 280 0 2
; in 280 1 739
; in 280 2 740
; box 281 0 2
; in 281 1 741
; in 281 2 742
; box 282 0 2
; in 282 1 227
; in 282 2 228
; box 283 0 2
; in 283 1 229
; in 283 2 230
; box 284 0 2
; in 284 1 231
; in 284 2 232
; box 287 0 2
; in 287 1 880
; in 287 2 881
; box 288 0 2
; in 288 1 743
; in 288 2 744
; box 291 0 2
; in 291 1 233
; in 291 2 234
; box 292 44 48
; in 292 1 526
; in 292 2 527
; in 292 3 528
; in 292 4 529
; box 295 244 248
; in 295 1 530
; in 295 2 531
; in 295 3 532
; in 295 4 533
; box 298 214 218
; in 298 1 534
; in 298 2 535
; in 298 3 536
; in 298 4 537
; box 299 227 231
; in 299 1 538
; in 299 2 539
; in 299 3 540
; in 299 4 541
; box 300 240 244
; in 300 1 952
; in 300 2 953
; in 300 3 954
; in 300 4 955
; box 303 241 245
; in 303 1 235
; in 303 2 236
; in 303 3 237
; in 303 4 238
; box 307 0 2
; in 307 1 239
; in 307 2 240
; box 308 0 2
; in 308 1 745
; in 308 2 746
; box 309 0 2
; in 309 1 747
; in 309 2 748
; box 310 0 2
; in 310 1 956
; in 310 2 957
; box 311 0 2
; in 311 1 542
; in 311 2 543
; box 312 0 2
; in 312 1 241
; in 312 2 242
; box 316 0 2
; in 316 1 882
; in 316 2 883
; box 317 0 3
; in 317 1 884
; in 317 2 885
; in 317 3 886
; box 319 0 2
; in 319 1 749
; in 319 2 750
; box 320 143 147
; in 320 1 751
; in 320 2 752
; in 320 3 753
; in 320 4 754
; box 321 195 199
; in 321 1 544
; in 321 2 545
; in 321 3 546
; in 321 4 547
; box 322 240 244
; in 322 1 548
; in 322 2 549
; in 322 3 550
; in 322 4 551
; box 323 231 235
; in 323 1 243
; in 323 2 244
; in 323 3 245
; in 323 4 246
; box 326 251 255
; in 326 1 552
; in 326 2 553
; in 326 3 554
; in 326 4 555
; box 327 241 245
; in 327 1 247
; in 327 2 248
; in 327 3 249
; in 327 4 250
; box 331 233 237
; in 331 1 958
; in 331 2 959
; in 331 3 960
; in 331 4 961
; box 335 0 2
; in 335 1 556
; in 335 2 557
; box 336 0 2
; in 336 1 755
; in 336 2 756
; box 337 0 2
; in 337 1 757
; in 337 2 758
; box 338 0 2
; in 338 1 759
; in 338 2 760
; box 340 0 2
; in 340 1 409
; in 340 2 410
; box 347 31 35
; in 347 1 251
; in 347 2 252
; in 347 3 253
; in 347 4 254
; box 350 253 255
; in 350 1 558
; in 350 2 559
; box 351 240 244
; in 351 1 560
; in 351 2 561
; in 351 3 562
; in 351 4 563
; box 354 244 248
; in 354 1 887
; in 354 2 888
; in 354 3 889
; in 354 4 890
; box 355 246 250
; in 355 1 255
; in 355 2 256
; in 355 3 257
; in 355 4 258
; box 357 241 245
; in 357 1 259
; in 357 2 260
; in 357 3 261
; in 357 4 262
; box 360 239 243
; in 360 1 263
; in 360 2 264
; in 360 3 265
; in 360 4 266
; box 364 0 2
; in 364 1 267
; in 364 2 268
; box 365 0 2
; in 365 1 761
; in 365 2 762
; box 366 0 2
; in 366 1 763
; in 366 2 764
; box 367 0 2
; in 367 1 765
; in 367 2 766
; box 368 0 2
; in 368 1 962
; in 368 2 963
; box 371 0 2
; in 371 1 564
; in 371 2 565
; box 372 0 2
; in 372 1 88
; in 372 2 89
; box 373 0 3
; in 373 1 566
; in 373 2 567
; in 373 3 568
; box 376 162 166
; in 376 1 269
; in 376 2 270
; in 376 3 271
; in 376 4 272
; box 380 235 239
; in 380 1 273
; in 380 2 274
; in 380 3 275
; in 380 4 276
; box 388 246 250
; in 388 1 964
; in 388 2 965
; in 388 3 966
; in 388 4 967
; box 391 0 2
; in 391 1 277
; in 391 2 278
; box 392 0 2
; in 392 1 767
; in 392 2 768
; box 393 0 2
; in 393 1 769
; in 393 2 770
; box 397 0 2
; in 397 1 411
; in 397 2 412
; box 411 247 251
; in 411 1 569
; in 411 2 570
; in 411 3 571
; in 411 4 572
; box 412 246 250
; in 412 1 968
; in 412 2 969
; in 412 3 970
; in 412 4 971
; box 419 0 2
; in 419 1 279
; in 419 2 280
; box 424 7 11
; in 424 1 573
; in 424 2 574
; in 424 3 575
; in 424 4 576
; box 429 0 2
; in 429 1 577
; in 429 2 578
; box 432 235 239
; in 432 1 281
; in 432 2 282
; in 432 3 283
; in 432 4 284
; box 433 242 246
; in 433 1 285
; in 433 2 286
; in 433 3 287
; in 433 4 288
; box 434 242 246
; in 434 1 579
; in 434 2 580
; in 434 3 581
; in 434 4 582
; box 436 236 240
; in 436 1 289
; in 436 2 290
; in 436 3 291
; in 436 4 292
; box 438 243 247
; in 438 1 583
; in 438 2 584
; in 438 3 585
; in 438 4 586
; box 441 241 245
; in 441 1 891
; in 441 2 892
; in 441 3 893
; in 441 4 894
; box 442 244 248
; in 442 1 972
; in 442 2 973
; in 442 3 974
; in 442 4 975
; box 444 244 248
; in 444 1 90
; in 444 2 91
; in 444 3 92
; in 444 4 93
; box 450 0 2
; in 450 1 771
; in 450 2 772
; box 451 0 2
; in 451 1 587
; in 451 2 588
; box 457 186 190
; in 457 1 589
; in 457 2 590
; in 457 3 591
; in 457 4 592
; box 459 222 226
; in 459 1 895
; in 459 2 896
; in 459 3 897
; in 459 4 898
; box 460 233 237
; in 460 1 293
; in 460 2 294
; in 460 3 295
; in 460 4 296
; box 461 230 234
; in 461 1 297
; in 461 2 298
; in 461 3 299
; in 461 4 300
; box 466 231 235
; in 466 1 593
; in 466 2 594
; in 466 3 595
; in 466 4 596
; box 467 234 238
; in 467 1 976
; in 467 2 977
; in 467 3 978
; in 467 4 979
; box 469 235 239
; in 469 1 899
; in 469 2 900
; in 469 3 901
; in 469 4 902
; box 471 236 240
; in 471 1 301
; in 471 2 302
; in 471 3 303
; in 471 4 304
; box 475 0 2
; in 475 1 94
; in 475 2 95
; box 476 0 2
; in 476 1 413
; in 476 2 414
; box 478 103 107
; in 478 1 96
; in 478 2 97
; in 478 3 98
; in 478 4 99
; box 479 124 128
; in 479 1 597
; in 479 2 598
; in 479 3 599
; in 479 4 600
; box 480 91 95
; in 480 1 305
; in 480 2 306
; in 480 3 307
; in 480 4 308
; box 488 231 235
; in 488 1 903
; in 488 2 904
; in 488 3 905
; in 488 4 906
; box 490 236 240
; in 490 1 773
; in 490 2 774
; in 490 3 775
; in 490 4 776
; box 493 242 246
; in 493 1 777
; in 493 2 778
; in 493 3 779
; in 493 4 780
; box 494 240 244
; in 494 1 601
; in 494 2 602
; in 494 3 603
; in 494 4 604
; box 496 236 240
; in 496 1 415
; in 496 2 416
; in 496 3 417
; in 496 4 418
; box 501 252 255
; in 501 1 605
; in 501 2 606
; in 501 3 607
; box 502 72 76
; in 502 1 608
; in 502 2 609
; in 502 3 610
; in 502 4 611
; box 506 240 244
; in 506 1 100
; in 506 2 101
; in 506 3 102
; in 506 4 103
; box 507 236 240
; in 507 1 612
; in 507 2 613
; in 507 3 614
; in 507 4 615
; box 508 240 244
; in 508 1 907
; in 508 2 908
; in 508 3 909
; in 508 4 910
; box 518 235 239
; in 518 1 781
; in 518 2 782
; in 518 3 783
; in 518 4 784
; box 526 238 242
; in 526 1 980
; in 526 2 981
; in 526 3 982
; in 526 4 983
; box 534 221 225
; in 534 1 785
; in 534 2 786
; in 534 3 787
; in 534 4 788
; box 535 216 220
; in 535 1 616
; in 535 2 617
; in 535 3 618
; in 535 4 619
; box 536 213 217
; in 536 1 620
; in 536 2 621
; in 536 3 622
; in 536 4 623
; box 538 218 222
; in 538 1 104
; in 538 2 105
; in 538 3 106
; in 538 4 107
; box 539 213 217
; in 539 1 789
; in 539 2 790
; in 539 3 791
; in 539 4 792
; box 541 234 238
; in 541 1 793
; in 541 2 794
; in 541 3 795
; in 541 4 796
; box 542 232 236
; in 542 1 797
; in 542 2 798
; in 542 3 799
; in 542 4 800
; box 546 237 241
; in 546 1 801
; in 546 2 802
; in 546 3 803
; in 546 4 804
; box 550 233 237
; in 550 1 911
; in 550 2 912
; in 550 3 913
; in 550 4 914
; box 551 235 239
; in 551 1 309
; in 551 2 310
; in 551 3 311
; in 551 4 312
; box 553 238 242
; in 553 1 805
; in 553 2 806
; in 553 3 807
; in 553 4 808
; box 557 253 255
; in 557 1 419
; in 557 2 420
; box 560 52 56
; in 560 1 984
; in 560 2 985
; in 560 3 986
; in 560 4 987
; box 567 226 230
; in 567 1 809
; in 567 2 810
; in 567 3 811
; in 567 4 812
; box 572 233 237
; in 572 1 915
; in 572 2 916
; in 572 3 917
; in 572 4 918
; box 574 235 239
; in 574 1 813
; in 574 2 814
; in 574 3 815
; in 574 4 816
; box 575 234 238
; in 575 1 108
; in 575 2 109
; in 575 3 110
; in 575 4 111
; box 576 237 241
; in 576 1 624
; in 576 2 625
; in 576 3 626
; in 576 4 627
; box 577 244 248
; in 577 1 628
; in 577 2 629
; in 577 3 630
; in 577 4 631
; box 578 251 255
; in 578 1 817
; in 578 2 818
; in 578 3 819
; in 578 4 820
; box 580 252 255
; in 580 1 313
; in 580 2 314
; in 580 3 315
; box 583 251 255
; in 583 1 632
; in 583 2 633
; in 583 3 634
; in 583 4 635
; box 586 27 31
; in 586 1 636
; in 586 2 637
; in 586 3 638
; in 586 4 639
; box 587 0 2
; in 587 1 112
; in 587 2 113
; box 588 0 2
; in 588 1 316
; in 588 2 317
; box 589 6 10
; in 589 1 421
; in 589 2 422
; in 589 3 423
; in 589 4 424
; box 592 242 246
; in 592 1 318
; in 592 2 319
; in 592 3 320
; in 592 4 321
; box 595 234 238
; in 595 1 988
; in 595 2 989
; in 595 3 990
; in 595 4 991
; box 598 237 241
; in 598 1 425
; in 598 2 426
; in 598 3 427
; in 598 4 428
; box 600 239 243
; in 600 1 640
; in 600 2 641
; in 600 3 642
; in 600 4 643
; box 602 243 247
; in 602 1 821
; in 602 2 822
; in 602 3 823
; in 602 4 824
; box 606 214 218
; in 606 1 919
; in 606 2 920
; in 606 3 921
; in 606 4 922
; box 607 188 192
; in 607 1 322
; in 607 2 323
; in 607 3 324
; in 607 4 325
; box 608 185 189
; in 608 1 326
; in 608 2 327
; in 608 3 328
; in 608 4 329
; box 610 160 164
; in 610 1 644
; in 610 2 645
; in 610 3 646
; in 610 4 647
; box 614 68 72
; in 614 1 330
; in 614 2 331
; in 614 3 332
; in 614 4 333
; box 615 0 2
; in 615 1 648
; in 615 2 649
; box 616 0 2
; in 616 1 429
; in 616 2 430
; box 617 0 2
; in 617 1 431
; in 617 2 432
; box 620 54 58
; in 620 1 334
; in 620 2 335
; in 620 3 336
; in 620 4 337
; box 621 123 127
; in 621 1 433
; in 621 2 434
; in 621 3 435
; in 621 4 436
; box 623 232 236
; in 623 1 437
; in 623 2 438
; in 623 3 439
; in 623 4 440
; box 629 232 236
; in 629 1 114
; in 629 2 115
; in 629 3 116
; in 629 4 117
; box 633 28 32
; in 633 1 650
; in 633 2 651
; in 633 3 652
; in 633 4 653
; box 636 177 181
; in 636 1 118
; in 636 2 119
; in 636 3 120
; in 636 4 121
; box 639 201 205
; in 639 1 825
; in 639 2 826
; in 639 3 827
; in 639 4 828
; box 642 91 95
; in 642 1 338
; in 642 2 339
; in 642 3 340
; in 642 4 341
; box 643 0 2
; in 643 1 441
; in 643 2 442
; box 644 0 2
; in 644 1 443
; in 644 2 444
; box 645 1 5
; in 645 1 923
; in 645 2 924
; in 645 3 925
; in 645 4 926
; box 647 0 2
; in 647 1 342
; in 647 2 343
; box 649 0 2
; in 649 1 445
; in 649 2 446
; box 652 60 64
; in 652 1 344
; in 652 2 345
; in 652 3 346
; in 652 4 347
; box 656 36 40
; in 656 1 927
; in 656 2 928
; in 656 3 929
; in 656 4 930
; box 664 160 164
; in 664 1 992
; in 664 2 993
; in 664 3 994
; in 664 4 995
; box 666 169 173
; in 666 1 447
; in 666 2 448
; in 666 3 449
; in 666 4 450
; box 667 161 165
; in 667 1 348
; in 667 2 349
; in 667 3 350
; in 667 4 351
; box 669 154 158
; in 669 1 829
; in 669 2 830
; in 669 3 831
; in 669 4 832
; box 670 29 33
; in 670 1 352
; in 670 2 353
; in 670 3 354
; in 670 4 355
; box 671 0 2
; in 671 1 451
; in 671 2 452
; box 672 0 2
; in 672 1 833
; in 672 2 834
; box 675 0 2
; in 675 1 356
; in 675 2 357
; box 676 0 2
; in 676 1 996
; in 676 2 997
; box 679 0 2
; in 679 1 998
; in 679 2 999
; box 680 0 2
; in 680 1 358
; in 680 2 359
; box 681 0 2
; in 681 1 835
; in 681 2 836
; box 682 0 2
; in 682 1 837
; in 682 2 838
; box 686 0 2
; in 686 1 122
; in 686 2 123
; box 691 0 2
; in 691 1 360
; in 691 2 361
; box 693 0 2
; in 693 1 1000
; in 693 2 1001
; box 694 0 2
; in 694 1 1002
; in 694 2 1003
; box 695 0 2
; in 695 1 453
; in 695 2 454
; box 696 0 2
; in 696 1 455
; in 696 2 456
; box 697 0 2
; in 697 1 839
; in 697 2 840
; box 699 0 2
; in 699 1 841
; in 699 2 842
; box 700 0 2
; in 700 1 457
; in 700 2 458
; box 701 0 2
; in 701 1 1004
; in 701 2 1005
; box 702 0 2
; in 702 1 459
; in 702 2 460
; box 703 0 2
; in 703 1 461
; in 703 2 462
; box 705 0 2
; in 705 1 463
; in 705 2 464
; box 706 0 2
; in 706 1 1006
; in 706 2 1007
; box 707 0 2
; in 707 1 1008
; in 707 2 1009
; box 709 0 2
; in 709 1 843
; in 709 2 844
; box 712 0 2
; in 712 1 465
; in 712 2 466
; box 713 0 2
; in 713 1 124
; in 713 2 125
; box 714 0 2
; in 714 1 845
; in 714 2 846
; box 715 0 2
; in 715 1 126
; in 715 2 127
; box 718 0 2
; in 718 1 362
; in 718 2 363
; box 721 0 2
; in 721 1 1010
; in 721 2 1011
; box 723 0 2
; in 723 1 467
; in 723 2 468
; box 724 0 2
; in 724 1 364
; in 724 2 365
; box 725 0 2
; in 725 1 469
; in 725 2 470
; box 729 0 2
; in 729 1 128
; in 729 2 129
; box 730 0 2
; in 730 1 471
; in 730 2 472
; box 731 0 2
; in 731 1 366
; in 731 2 367
; box 732 0 2
; in 732 1 368
; in 732 2 369
; box 733 0 2
; in 733 1 473
; in 733 2 474
; box 735 0 2
; in 735 1 847
; in 735 2 848
; box 736 0 2
; in 736 1 1012
; in 736 2 1013
; box 737 0 2
; in 737 1 849
; in 737 2 850
; box 738 0 2
; in 738 1 931
; in 738 2 932
; box 741 0 2
; in 741 1 130
; in 741 2 131
; box 742 0 2
; in 742 1 132
; in 742 2 133
; box 744 0 2
; in 744 1 1014
; in 744 2 1015
; box 745 0 2
; in 745 1 134
; in 745 2 135
; box 748 0 2
; in 748 1 1016
; in 748 2 1017
; box 749 0 2
; in 749 1 654
; in 749 2 655
; box 750 0 2
; in 750 1 1018
; in 750 2 1019
; box 751 0 2
; in 751 1 475
; in 751 2 476
; box 752 0 2
; in 752 1 370
; in 752 2 371
; box 753 0 2
; in 753 1 477
; in 753 2 478
; box 754 0 2
; in 754 1 479
; in 754 2 480
; box 755 0 2
; in 755 1 481
; in 755 2 482
; box 756 0 2
; in 756 1 136
; in 756 2 137
; box 757 0 2
; in 757 1 851
; in 757 2 852
; box 758 0 2
; in 758 1 138
; in 758 2 139
; box 759 0 2
; in 759 1 140
; in 759 2 141
; box 762 0 2
; in 762 1 933
; in 762 2 934
; box 763 0 2
; in 763 1 935
; in 763 2 936
; box 764 0 2
; in 764 1 656
; in 764 2 657
; box 765 0 2
; in 765 1 853
; in 765 2 854
; box 768 0 2
; in 768 1 855
; in 768 2 856
; box 769 0 2
; in 769 1 142
; in 769 2 143
; box 770 0 2
; in 770 1 144
; in 770 2 145
; box 771 0 2
; in 771 1 1020
; in 771 2 1021
; box 775 0 2
; in 775 1 937
; in 775 2 938
; box 776 0 2
; in 776 1 1022
; in 776 2 1023
; box 777 0 2
; in 777 1 483
; in 777 2 484
; box 778 0 2
; in 778 1 485
; in 778 2 486
; box 779 0 2
; in 779 1 146
; in 779 2 147
; box 780 0 2
; in 780 1 372
; in 780 2 373
; box 781 0 2
; in 781 1 487
; in 781 2 488
; box 782 0 2
; in 782 1 489
; in 782 2 490
; beats 0 1027
(set-logic QF_LIA)
(set-info :status unsat)
(declare-const v1 Bool)
(declare-const v2 Bool)
(declare-const v3 Bool)
(declare-const v4 Bool)
(declare-const v5 Bool)
(declare-const v6 Bool)
(declare-const v7 Bool)
(declare-const v8 Bool)
(declare-const v9 Bool)
(declare-const v10 Bool)
(declare-const v11 Bool)
(declare-const v12 Bool)
(declare-const v13 Bool)
(declare-const v14 Bool)
(declare-const v15 Bool)
(declare-const v16 Bool)
(declare-const v17 Bool)
(declare-const v18 Bool)
(declare-const v19 Bool)
(declare-const v20 Bool)
(declare-const v21 Bool)
(declare-const v22 Bool)
(declare-const v23 Bool)
(declare-const v24 Bool)
(declare-const v25 Bool)
(declare-const v26 Bool)
(declare-const v27 Bool)
(declare-const v28 Bool)
(declare-const v29 Bool)
(declare-const v30 Bool)
(declare-const v31 Bool)
(declare-const v32 Bool)
(declare-const v33 Bool)
(declare-const v34 Bool)
(declare-const v35 Bool)
(declare-const v36 Bool)
(declare-const v37 Bool)
(declare-const v38 Bool)
(declare-const v39 Bool)
(declare-const v40 Bool)
(declare-const v41 Bool)
(declare-const v42 Bool)
(declare-const v43 Bool)
(declare-const v44 Bool)
(declare-const v45 Bool)
(declare-const v46 Bool)
(declare-const v47 Bool)
(declare-const v48 Bool)
(declare-const v49 Bool)
(declare-const v50 Bool)
(declare-const v51 Bool)
(declare-const v52 Bool)
(declare-const v53 Bool)
(declare-const v54 Bool)
(declare-const v55 Bool)
(declare-const v56 Bool)
(declare-const v57 Bool)
(declare-const v58 Bool)
(declare-const v59 Bool)
(declare-const v60 Bool)
(declare-const v61 Bool)
(declare-const v62 Bool)
(declare-const v63 Bool)
(declare-const v64 Bool)
(declare-const v65 Bool)
(declare-const v66 Bool)
(declare-const v67 Bool)
(declare-const v68 Bool)
(declare-const v69 Bool)
(declare-const v70 Bool)
(declare-const v71 Bool)
(declare-const v72 Bool)
(declare-const v73 Bool)
(declare-const v74 Bool)
(declare-const v75 Bool)
(declare-const v76 Bool)
(declare-const v77 Bool)
(declare-const v78 Bool)
(declare-const v79 Bool)
(declare-const v80 Bool)
(declare-const v81 Bool)
(declare-const v82 Bool)
(declare-const v83 Bool)
(declare-const v84 Bool)
(declare-const v85 Bool)
(declare-const v86 Bool)
(declare-const v87 Bool)
(declare-const v88 Bool)
(declare-const v89 Bool)
(declare-const v90 Bool)
(declare-const v91 Bool)
(declare-const v92 Bool)
(declare-const v93 Bool)
(declare-const v94 Bool)
(declare-const v95 Bool)
(declare-const v96 Bool)
(declare-const v97 Bool)
(declare-const v98 Bool)
(declare-const v99 Bool)
(declare-const v100 Bool)
(declare-const v101 Bool)
(declare-const v102 Bool)
(declare-const v103 Bool)
(declare-const v104 Bool)
(declare-const v105 Bool)
(declare-const v106 Bool)
(declare-const v107 Bool)
(declare-const v108 Bool)
(declare-const v109 Bool)
(declare-const v110 Bool)
(declare-const v111 Bool)
(declare-const v112 Bool)
(declare-const v113 Bool)
(declare-const v114 Bool)
(declare-const v115 Bool)
(declare-const v116 Bool)
(declare-const v117 Bool)
(declare-const v118 Bool)
(declare-const v119 Bool)
(declare-const v120 Bool)
(declare-const v121 Bool)
(declare-const v122 Bool)
(declare-const v123 Bool)
(declare-const v124 Bool)
(declare-const v125 Bool)
(declare-const v126 Bool)
(declare-const v127 Bool)
(declare-const v128 Bool)
(declare-const v129 Bool)
(declare-const v130 Bool)
(declare-const v131 Bool)
(declare-const v132 Bool)
(declare-const v133 Bool)
(declare-const v134 Bool)
(declare-const v135 Bool)
(declare-const v136 Bool)
(declare-const v137 Bool)
(declare-const v138 Bool)
(declare-const v139 Bool)
(declare-const v140 Bool)
(declare-const v141 Bool)
(declare-const v142 Bool)
(declare-const v143 Bool)
(declare-const v144 Bool)
(declare-const v145 Bool)
(declare-const v146 Bool)
(declare-const v147 Bool)
(declare-const v148 Bool)
(declare-const v149 Bool)
(declare-const v150 Bool)
(declare-const v151 Bool)
(declare-const v152 Bool)
(declare-const v153 Bool)
(declare-const v154 Bool)
(declare-const v155 Bool)
(declare-const v156 Bool)
(declare-const v157 Bool)
(declare-const v158 Bool)
(declare-const v159 Bool)
(declare-const v160 Bool)
(declare-const v161 Bool)
(declare-const v162 Bool)
(declare-const v163 Bool)
(declare-const v164 Bool)
(declare-const v165 Bool)
(declare-const v166 Bool)
(declare-const v167 Bool)
(declare-const v168 Bool)
(declare-const v169 Bool)
(declare-const v170 Bool)
(declare-const v171 Bool)
(declare-const v172 Bool)
(declare-const v173 Bool)
(declare-const v174 Bool)
(declare-const v175 Bool)
(declare-const v176 Bool)
(declare-const v177 Bool)
(declare-const v178 Bool)
(declare-const v179 Bool)
(declare-const v180 Bool)
(declare-const v181 Bool)
(declare-const v182 Bool)
(declare-const v183 Bool)
(declare-const v184 Bool)
(declare-const v185 Bool)
(declare-const v186 Bool)
(declare-const v187 Bool)
(declare-const v188 Bool)
(declare-const v189 Bool)
(declare-const v190 Bool)
(declare-const v191 Bool)
(declare-const v192 Bool)
(declare-const v193 Bool)
(declare-const v194 Bool)
(declare-const v195 Bool)
(declare-const v196 Bool)
(declare-const v197 Bool)
(declare-const v198 Bool)
(declare-const v199 Bool)
(declare-const v200 Bool)
(declare-const v201 Bool)
(declare-const v202 Bool)
(declare-const v203 Bool)
(declare-const v204 Bool)
(declare-const v205 Bool)
(declare-const v206 Bool)
(declare-const v207 Bool)
(declare-const v208 Bool)
(declare-const v209 Bool)
(declare-const v210 Bool)
(declare-const v211 Bool)
(declare-const v212 Bool)
(declare-const v213 Bool)
(declare-const v214 Bool)
(declare-const v215 Bool)
(declare-const v216 Bool)
(declare-const v217 Bool)
(declare-const v218 Bool)
(declare-const v219 Bool)
(declare-const v220 Bool)
(declare-const v221 Bool)
(declare-const v222 Bool)
(declare-const v223 Bool)
(declare-const v224 Bool)
(declare-const v225 Bool)
(declare-const v226 Bool)
(declare-const v227 Bool)
(declare-const v228 Bool)
(declare-const v229 Bool)
(declare-const v230 Bool)
(declare-const v231 Bool)
(declare-const v232 Bool)
(declare-const v233 Bool)
(declare-const v234 Bool)
(declare-const v235 Bool)
(declare-const v236 Bool)
(declare-const v237 Bool)
(declare-const v238 Bool)
(declare-const v239 Bool)
(declare-const v240 Bool)
(declare-const v241 Bool)
(declare-const v242 Bool)
(declare-const v243 Bool)
(declare-const v244 Bool)
(declare-const v245 Bool)
(declare-const v246 Bool)
(declare-const v247 Bool)
(declare-const v248 Bool)
(declare-const v249 Bool)
(declare-const v250 Bool)
(declare-const v251 Bool)
(declare-const v252 Bool)
(declare-const v253 Bool)
(declare-const v254 Bool)
(declare-const v255 Bool)
(declare-const v256 Bool)
(declare-const v257 Bool)
(declare-const v258 Bool)
(declare-const v259 Bool)
(declare-const v260 Bool)
(declare-const v261 Bool)
(declare-const v262 Bool)
(declare-const v263 Bool)
(declare-const v264 Bool)
(declare-const v265 Bool)
(declare-const v266 Bool)
(declare-const v267 Bool)
(declare-const v268 Bool)
(declare-const v269 Bool)
(declare-const v270 Bool)
(declare-const v271 Bool)
(declare-const v272 Bool)
(declare-const v273 Bool)
(declare-const v274 Bool)
(declare-const v275 Bool)
(declare-const v276 Bool)
(declare-const v277 Bool)
(declare-const v278 Bool)
(declare-const v279 Bool)
(declare-const v280 Bool)
(declare-const v281 Bool)
(declare-const v282 Bool)
(declare-const v283 Bool)
(declare-const v284 Bool)
(declare-const v285 Bool)
(declare-const v286 Bool)
(declare-const v287 Bool)
(declare-const v288 Bool)
(declare-const v289 Bool)
(declare-const v290 Bool)
(declare-const v291 Bool)
(declare-const v292 Bool)
(declare-const v293 Bool)
(declare-const v294 Bool)
(declare-const v295 Bool)
(declare-const v296 Bool)
(declare-const v297 Bool)
(declare-const v298 Bool)
(declare-const v299 Bool)
(declare-const v300 Bool)
(declare-const v301 Bool)
(declare-const v302 Bool)
(declare-const v303 Bool)
(declare-const v304 Bool)
(declare-const v305 Bool)
(declare-const v306 Bool)
(declare-const v307 Bool)
(declare-const v308 Bool)
(declare-const v309 Bool)
(declare-const v310 Bool)
(declare-const v311 Bool)
(declare-const v312 Bool)
(declare-const v313 Bool)
(declare-const v314 Bool)
(declare-const v315 Bool)
(declare-const v316 Bool)
(declare-const v317 Bool)
(declare-const v318 Bool)
(declare-const v319 Bool)
(declare-const v320 Bool)
(declare-const v321 Bool)
(declare-const v322 Bool)
(declare-const v323 Bool)
(declare-const v324 Bool)
(declare-const v325 Bool)
(declare-const v326 Bool)
(declare-const v327 Bool)
(declare-const v328 Bool)
(declare-const v329 Bool)
(declare-const v330 Bool)
(declare-const v331 Bool)
(declare-const v332 Bool)
(declare-const v333 Bool)
(declare-const v334 Bool)
(declare-const v335 Bool)
(declare-const v336 Bool)
(declare-const v337 Bool)
(declare-const v338 Bool)
(declare-const v339 Bool)
(declare-const v340 Bool)
(declare-const v341 Bool)
(declare-const v342 Bool)
(declare-const v343 Bool)
(declare-const v344 Bool)
(declare-const v345 Bool)
(declare-const v346 Bool)
(declare-const v347 Bool)
(declare-const v348 Bool)
(declare-const v349 Bool)
(declare-const v350 Bool)
(declare-const v351 Bool)
(declare-const v352 Bool)
(declare-const v353 Bool)
(declare-const v354 Bool)
(declare-const v355 Bool)
(declare-const v356 Bool)
(declare-const v357 Bool)
(declare-const v358 Bool)
(declare-const v359 Bool)
(declare-const v360 Bool)
(declare-const v361 Bool)
(declare-const v362 Bool)
(declare-const v363 Bool)
(declare-const v364 Bool)
(declare-const v365 Bool)
(declare-const v366 Bool)
(declare-const v367 Bool)
(declare-const v368 Bool)
(declare-const v369 Bool)
(declare-const v370 Bool)
(declare-const v371 Bool)
(declare-const v372 Bool)
(declare-const v373 Bool)
(declare-const v374 Bool)
(declare-const v375 Bool)
(declare-const v376 Bool)
(declare-const v377 Bool)
(declare-const v378 Bool)
(declare-const v379 Bool)
(declare-const v380 Bool)
(declare-const v381 Bool)
(declare-const v382 Bool)
(declare-const v383 Bool)
(declare-const v384 Bool)
(declare-const v385 Bool)
(declare-const v386 Bool)
(declare-const v387 Bool)
(declare-const v388 Bool)
(declare-const v389 Bool)
(declare-const v390 Bool)
(declare-const v391 Bool)
(declare-const v392 Bool)
(declare-const v393 Bool)
(declare-const v394 Bool)
(declare-const v395 Bool)
(declare-const v396 Bool)
(declare-const v397 Bool)
(declare-const v398 Bool)
(declare-const v399 Bool)
(declare-const v400 Bool)
(declare-const v401 Bool)
(declare-const v402 Bool)
(declare-const v403 Bool)
(declare-const v404 Bool)
(declare-const v405 Bool)
(declare-const v406 Bool)
(declare-const v407 Bool)
(declare-const v408 Bool)
(declare-const v409 Bool)
(declare-const v410 Bool)
(declare-const v411 Bool)
(declare-const v412 Bool)
(declare-const v413 Bool)
(declare-const v414 Bool)
(declare-const v415 Bool)
(declare-const v416 Bool)
(declare-const v417 Bool)
(declare-const v418 Bool)
(declare-const v419 Bool)
(declare-const v420 Bool)
(declare-const v421 Bool)
(declare-const v422 Bool)
(declare-const v423 Bool)
(declare-const v424 Bool)
(declare-const v425 Bool)
(declare-const v426 Bool)
(declare-const v427 Bool)
(declare-const v428 Bool)
(declare-const v429 Bool)
(declare-const v430 Bool)
(declare-const v431 Bool)
(declare-const v432 Bool)
(declare-const v433 Bool)
(declare-const v434 Bool)
(declare-const v435 Bool)
(declare-const v436 Bool)
(declare-const v437 Bool)
(declare-const v438 Bool)
(declare-const v439 Bool)
(declare-const v440 Bool)
(declare-const v441 Bool)
(declare-const v442 Bool)
(declare-const v443 Bool)
(declare-const v444 Bool)
(declare-const v445 Bool)
(declare-const v446 Bool)
(declare-const v447 Bool)
(declare-const v448 Bool)
(declare-const v449 Bool)
(declare-const v450 Bool)
(declare-const v451 Bool)
(declare-const v452 Bool)
(declare-const v453 Bool)
(declare-const v454 Bool)
(declare-const v455 Bool)
(declare-const v456 Bool)
(declare-const v457 Bool)
(declare-const v458 Bool)
(declare-const v459 Bool)
(declare-const v460 Bool)
(declare-const v461 Bool)
(declare-const v462 Bool)
(declare-const v463 Bool)
(declare-const v464 Bool)
(declare-const v465 Bool)
(declare-const v466 Bool)
(declare-const v467 Bool)
(declare-const v468 Bool)
(declare-const v469 Bool)
(declare-const v470 Bool)
(declare-const v471 Bool)
(declare-const v472 Bool)
(declare-const v473 Bool)
(declare-const v474 Bool)
(declare-const v475 Bool)
(declare-const v476 Bool)
(declare-const v477 Bool)
(declare-const v478 Bool)
(declare-const v479 Bool)
(declare-const v480 Bool)
(declare-const v481 Bool)
(declare-const v482 Bool)
(declare-const v483 Bool)
(declare-const v484 Bool)
(declare-const v485 Bool)
(declare-const v486 Bool)
(declare-const v487 Bool)
(declare-const v488 Bool)
(declare-const v489 Bool)
(declare-const v490 Bool)
(declare-const v491 Bool)
(declare-const v492 Bool)
(declare-const v493 Bool)
(declare-const v494 Bool)
(declare-const v495 Bool)
(declare-const v496 Bool)
(declare-const v497 Bool)
(declare-const v498 Bool)
(declare-const v499 Bool)
(declare-const v500 Bool)
(declare-const v501 Bool)
(declare-const v502 Bool)
(declare-const v503 Bool)
(declare-const v504 Bool)
(declare-const v505 Bool)
(declare-const v506 Bool)
(declare-const v507 Bool)
(declare-const v508 Bool)
(declare-const v509 Bool)
(declare-const v510 Bool)
(declare-const v511 Bool)
(declare-const v512 Bool)
(declare-const v513 Bool)
(declare-const v514 Bool)
(declare-const v515 Bool)
(declare-const v516 Bool)
(declare-const v517 Bool)
(declare-const v518 Bool)
(declare-const v519 Bool)
(declare-const v520 Bool)
(declare-const v521 Bool)
(declare-const v522 Bool)
(declare-const v523 Bool)
(declare-const v524 Bool)
(declare-const v525 Bool)
(declare-const v526 Bool)
(declare-const v527 Bool)
(declare-const v528 Bool)
(declare-const v529 Bool)
(declare-const v530 Bool)
(declare-const v531 Bool)
(declare-const v532 Bool)
(declare-const v533 Bool)
(declare-const v534 Bool)
(declare-const v535 Bool)
(declare-const v536 Bool)
(declare-const v537 Bool)
(declare-const v538 Bool)
(declare-const v539 Bool)
(declare-const v540 Bool)
(declare-const v541 Bool)
(declare-const v542 Bool)
(declare-const v543 Bool)
(declare-const v544 Bool)
(declare-const v545 Bool)
(declare-const v546 Bool)
(declare-const v547 Bool)
(declare-const v548 Bool)
(declare-const v549 Bool)
(declare-const v550 Bool)
(declare-const v551 Bool)
(declare-const v552 Bool)
(declare-const v553 Bool)
(declare-const v554 Bool)
(declare-const v555 Bool)
(declare-const v556 Bool)
(declare-const v557 Bool)
(declare-const v558 Bool)
(declare-const v559 Bool)
(declare-const v560 Bool)
(declare-const v561 Bool)
(declare-const v562 Bool)
(declare-const v563 Bool)
(declare-const v564 Bool)
(declare-const v565 Bool)
(declare-const v566 Bool)
(declare-const v567 Bool)
(declare-const v568 Bool)
(declare-const v569 Bool)
(declare-const v570 Bool)
(declare-const v571 Bool)
(declare-const v572 Bool)
(declare-const v573 Bool)
(declare-const v574 Bool)
(declare-const v575 Bool)
(declare-const v576 Bool)
(declare-const v577 Bool)
(declare-const v578 Bool)
(declare-const v579 Bool)
(declare-const v580 Bool)
(declare-const v581 Bool)
(declare-const v582 Bool)
(declare-const v583 Bool)
(declare-const v584 Bool)
(declare-const v585 Bool)
(declare-const v586 Bool)
(declare-const v587 Bool)
(declare-const v588 Bool)
(declare-const v589 Bool)
(declare-const v590 Bool)
(declare-const v591 Bool)
(declare-const v592 Bool)
(declare-const v593 Bool)
(declare-const v594 Bool)
(declare-const v595 Bool)
(declare-const v596 Bool)
(declare-const v597 Bool)
(declare-const v598 Bool)
(declare-const v599 Bool)
(declare-const v600 Bool)
(declare-const v601 Bool)
(declare-const v602 Bool)
(declare-const v603 Bool)
(declare-const v604 Bool)
(declare-const v605 Bool)
(declare-const v606 Bool)
(declare-const v607 Bool)
(declare-const v608 Bool)
(declare-const v609 Bool)
(declare-const v610 Bool)
(declare-const v611 Bool)
(declare-const v612 Bool)
(declare-const v613 Bool)
(declare-const v614 Bool)
(declare-const v615 Bool)
(declare-const v616 Bool)
(declare-const v617 Bool)
(declare-const v618 Bool)
(declare-const v619 Bool)
(declare-const v620 Bool)
(declare-const v621 Bool)
(declare-const v622 Bool)
(declare-const v623 Bool)
(declare-const v624 Bool)
(declare-const v625 Bool)
(declare-const v626 Bool)
(declare-const v627 Bool)
(declare-const v628 Bool)
(declare-const v629 Bool)
(declare-const v630 Bool)
(declare-const v631 Bool)
(declare-const v632 Bool)
(declare-const v633 Bool)
(declare-const v634 Bool)
(declare-const v635 Bool)
(declare-const v636 Bool)
(declare-const v637 Bool)
(declare-const v638 Bool)
(declare-const v639 Bool)
(declare-const v640 Bool)
(declare-const v641 Bool)
(declare-const v642 Bool)
(declare-const v643 Bool)
(declare-const v644 Bool)
(declare-const v645 Bool)
(declare-const v646 Bool)
(declare-const v647 Bool)
(declare-const v648 Bool)
(declare-const v649 Bool)
(declare-const v650 Bool)
(declare-const v651 Bool)
(declare-const v652 Bool)
(declare-const v653 Bool)
(declare-const v654 Bool)
(declare-const v655 Bool)
(declare-const v656 Bool)
(declare-const v657 Bool)
(declare-const v658 Bool)
(declare-const v659 Bool)
(declare-const v660 Bool)
(declare-const v661 Bool)
(declare-const v662 Bool)
(declare-const v663 Bool)
(declare-const v664 Bool)
(declare-const v665 Bool)
(declare-const v666 Bool)
(declare-const v667 Bool)
(declare-const v668 Bool)
(declare-const v669 Bool)
(declare-const v670 Bool)
(declare-const v671 Bool)
(declare-const v672 Bool)
(declare-const v673 Bool)
(declare-const v674 Bool)
(declare-const v675 Bool)
(declare-const v676 Bool)
(declare-const v677 Bool)
(declare-const v678 Bool)
(declare-const v679 Bool)
(declare-const v680 Bool)
(declare-const v681 Bool)
(declare-const v682 Bool)
(declare-const v683 Bool)
(declare-const v684 Bool)
(declare-const v685 Bool)
(declare-const v686 Bool)
(declare-const v687 Bool)
(declare-const v688 Bool)
(declare-const v689 Bool)
(declare-const v690 Bool)
(declare-const v691 Bool)
(declare-const v692 Bool)
(declare-const v693 Bool)
(declare-const v694 Bool)
(declare-const v695 Bool)
(declare-const v696 Bool)
(declare-const v697 Bool)
(declare-const v698 Bool)
(declare-const v699 Bool)
(declare-const v700 Bool)
(declare-const v701 Bool)
(declare-const v702 Bool)
(declare-const v703 Bool)
(declare-const v704 Bool)
(declare-const v705 Bool)
(declare-const v706 Bool)
(declare-const v707 Bool)
(declare-const v708 Bool)
(declare-const v709 Bool)
(declare-const v710 Bool)
(declare-const v711 Bool)
(declare-const v712 Bool)
(declare-const v713 Bool)
(declare-const v714 Bool)
(declare-const v715 Bool)
(declare-const v716 Bool)
(declare-const v717 Bool)
(declare-const v718 Bool)
(declare-const v719 Bool)
(declare-const v720 Bool)
(declare-const v721 Bool)
(declare-const v722 Bool)
(declare-const v723 Bool)
(declare-const v724 Bool)
(declare-const v725 Bool)
(declare-const v726 Bool)
(declare-const v727 Bool)
(declare-const v728 Bool)
(declare-const v729 Bool)
(declare-const v730 Bool)
(declare-const v731 Bool)
(declare-const v732 Bool)
(declare-const v733 Bool)
(declare-const v734 Bool)
(declare-const v735 Bool)
(declare-const v736 Bool)
(declare-const v737 Bool)
(declare-const v738 Bool)
(declare-const v739 Bool)
(declare-const v740 Bool)
(declare-const v741 Bool)
(declare-const v742 Bool)
(declare-const v743 Bool)
(declare-const v744 Bool)
(declare-const v745 Bool)
(declare-const v746 Bool)
(declare-const v747 Bool)
(declare-const v748 Bool)
(declare-const v749 Bool)
(declare-const v750 Bool)
(declare-const v751 Bool)
(declare-const v752 Bool)
(declare-const v753 Bool)
(declare-const v754 Bool)
(declare-const v755 Bool)
(declare-const v756 Bool)
(declare-const v757 Bool)
(declare-const v758 Bool)
(declare-const v759 Bool)
(declare-const v760 Bool)
(declare-const v761 Bool)
(declare-const v762 Bool)
(declare-const v763 Bool)
(declare-const v764 Bool)
(declare-const v765 Bool)
(declare-const v766 Bool)
(declare-const v767 Bool)
(declare-const v768 Bool)
(declare-const v769 Bool)
(declare-const v770 Bool)
(declare-const v771 Bool)
(declare-const v772 Bool)
(declare-const v773 Bool)
(declare-const v774 Bool)
(declare-const v775 Bool)
(declare-const v776 Bool)
(declare-const v777 Bool)
(declare-const v778 Bool)
(declare-const v779 Bool)
(declare-const v780 Bool)
(declare-const v781 Bool)
(declare-const v782 Bool)
(declare-const v783 Bool)
(declare-const v784 Bool)
(declare-const v785 Bool)
(declare-const v786 Bool)
(declare-const v787 Bool)
(declare-const v788 Bool)
(declare-const v789 Bool)
(declare-const v790 Bool)
(declare-const v791 Bool)
(declare-const v792 Bool)
(declare-const v793 Bool)
(declare-const v794 Bool)
(declare-const v795 Bool)
(declare-const v796 Bool)
(declare-const v797 Bool)
(declare-const v798 Bool)
(declare-const v799 Bool)
(declare-const v800 Bool)
(declare-const v801 Bool)
(declare-const v802 Bool)
(declare-const v803 Bool)
(declare-const v804 Bool)
(declare-const v805 Bool)
(declare-const v806 Bool)
(declare-const v807 Bool)
(declare-const v808 Bool)
(declare-const v809 Bool)
(declare-const v810 Bool)
(declare-const v811 Bool)
(declare-const v812 Bool)
(declare-const v813 Bool)
(declare-const v814 Bool)
(declare-const v815 Bool)
(declare-const v816 Bool)
(declare-const v817 Bool)
(declare-const v818 Bool)
(declare-const v819 Bool)
(declare-const v820 Bool)
(declare-const v821 Bool)
(declare-const v822 Bool)
(declare-const v823 Bool)
(declare-const v824 Bool)
(declare-const v825 Bool)
(declare-const v826 Bool)
(declare-const v827 Bool)
(declare-const v828 Bool)
(declare-const v829 Bool)
(declare-const v830 Bool)
(declare-const v831 Bool)
(declare-const v832 Bool)
(declare-const v833 Bool)
(declare-const v834 Bool)
(declare-const v835 Bool)
(declare-const v836 Bool)
(declare-const v837 Bool)
(declare-const v838 Bool)
(declare-const v839 Bool)
(declare-const v840 Bool)
(declare-const v841 Bool)
(declare-const v842 Bool)
(declare-const v843 Bool)
(declare-const v844 Bool)
(declare-const v845 Bool)
(declare-const v846 Bool)
(declare-const v847 Bool)
(declare-const v848 Bool)
(declare-const v849 Bool)
(declare-const v850 Bool)
(declare-const v851 Bool)
(declare-const v852 Bool)
(declare-const v853 Bool)
(declare-const v854 Bool)
(declare-const v855 Bool)
(declare-const v856 Bool)
(declare-const v857 Bool)
(declare-const v858 Bool)
(declare-const v859 Bool)
(declare-const v860 Bool)
(declare-const v861 Bool)
(declare-const v862 Bool)
(declare-const v863 Bool)
(declare-const v864 Bool)
(declare-const v865 Bool)
(declare-const v866 Bool)
(declare-const v867 Bool)
(declare-const v868 Bool)
(declare-const v869 Bool)
(declare-const v870 Bool)
(declare-const v871 Bool)
(declare-const v872 Bool)
(declare-const v873 Bool)
(declare-const v874 Bool)
(declare-const v875 Bool)
(declare-const v876 Bool)
(declare-const v877 Bool)
(declare-const v878 Bool)
(declare-const v879 Bool)
(declare-const v880 Bool)
(declare-const v881 Bool)
(declare-const v882 Bool)
(declare-const v883 Bool)
(declare-const v884 Bool)
(declare-const v885 Bool)
(declare-const v886 Bool)
(declare-const v887 Bool)
(declare-const v888 Bool)
(declare-const v889 Bool)
(declare-const v890 Bool)
(declare-const v891 Bool)
(declare-const v892 Bool)
(declare-const v893 Bool)
(declare-const v894 Bool)
(declare-const v895 Bool)
(declare-const v896 Bool)
(declare-const v897 Bool)
(declare-const v898 Bool)
(declare-const v899 Bool)
(declare-const v900 Bool)
(declare-const v901 Bool)
(declare-const v902 Bool)
(declare-const v903 Bool)
(declare-const v904 Bool)
(declare-const v905 Bool)
(declare-const v906 Bool)
(declare-const v907 Bool)
(declare-const v908 Bool)
(declare-const v909 Bool)
(declare-const v910 Bool)
(declare-const v911 Bool)
(declare-const v912 Bool)
(declare-const v913 Bool)
(declare-const v914 Bool)
(declare-const v915 Bool)
(declare-const v916 Bool)
(declare-const v917 Bool)
(declare-const v918 Bool)
(declare-const v919 Bool)
(declare-const v920 Bool)
(declare-const v921 Bool)
(declare-const v922 Bool)
(declare-const v923 Bool)
(declare-const v924 Bool)
(declare-const v925 Bool)
(declare-const v926 Bool)
(declare-const v927 Bool)
(declare-const v928 Bool)
(declare-const v929 Bool)
(declare-const v930 Bool)
(declare-const v931 Bool)
(declare-const v932 Bool)
(declare-const v933 Bool)
(declare-const v934 Bool)
(declare-const v935 Bool)
(declare-const v936 Bool)
(declare-const v937 Bool)
(declare-const v938 Bool)
(declare-const v939 Bool)
(declare-const v940 Bool)
(declare-const v941 Bool)
(declare-const v942 Bool)
(declare-const v943 Bool)
(declare-const v944 Bool)
(declare-const v945 Bool)
(declare-const v946 Bool)
(declare-const v947 Bool)
(declare-const v948 Bool)
(declare-const v949 Bool)
(declare-const v950 Bool)
(declare-const v951 Bool)
(declare-const v952 Bool)
(declare-const v953 Bool)
(declare-const v954 Bool)
(declare-const v955 Bool)
(declare-const v956 Bool)
(declare-const v957 Bool)
(declare-const v958 Bool)
(declare-const v959 Bool)
(declare-const v960 Bool)
(declare-const v961 Bool)
(declare-const v962 Bool)
(declare-const v963 Bool)
(declare-const v964 Bool)
(declare-const v965 Bool)
(declare-const v966 Bool)
(declare-const v967 Bool)
(declare-const v968 Bool)
(declare-const v969 Bool)
(declare-const v970 Bool)
(declare-const v971 Bool)
(declare-const v972 Bool)
(declare-const v973 Bool)
(declare-const v974 Bool)
(declare-const v975 Bool)
(declare-const v976 Bool)
(declare-const v977 Bool)
(declare-const v978 Bool)
(declare-const v979 Bool)
(declare-const v980 Bool)
(declare-const v981 Bool)
(declare-const v982 Bool)
(declare-const v983 Bool)
(declare-const v984 Bool)
(declare-const v985 Bool)
(declare-const v986 Bool)
(declare-const v987 Bool)
(declare-const v988 Bool)
(declare-const v989 Bool)
(declare-const v990 Bool)
(declare-const v991 Bool)
(declare-const v992 Bool)
(declare-const v993 Bool)
(declare-const v994 Bool)
(declare-const v995 Bool)
(declare-const v996 Bool)
(declare-const v997 Bool)
(declare-const v998 Bool)
(declare-const v999 Bool)
(declare-const v1000 Bool)
(declare-const v1001 Bool)
(declare-const v1002 Bool)
(declare-const v1003 Bool)
(declare-const v1004 Bool)
(declare-const v1005 Bool)
(declare-const v1006 Bool)
(declare-const v1007 Bool)
(declare-const v1008 Bool)
(declare-const v1009 Bool)
(declare-const v1010 Bool)
(declare-const v1011 Bool)
(declare-const v1012 Bool)
(declare-const v1013 Bool)
(declare-const v1014 Bool)
(declare-const v1015 Bool)
(declare-const v1016 Bool)
(declare-const v1017 Bool)
(declare-const v1018 Bool)
(declare-const v1019 Bool)
(declare-const v1020 Bool)
(declare-const v1021 Bool)
(declare-const v1022 Bool)
(declare-const v1023 Bool)
(declare-const v1024 Bool)
(declare-const v1025 Bool)
(declare-const v1026 Bool)
(declare-const v1027 Bool)
(assert (= v1 (>= (+ (ite v2 0 1) (ite v3 0 1) (ite v4 0 1) (ite v5 0 1) (ite v6 1 0) (ite v7 1 0) (ite v8 1 0) (ite v9 1 0) (ite v10 1 0) (ite v11 1 0) (ite v12 1 0) (ite v13 1 0) (ite v14 1 0) (ite v15 1 0) (ite v16 1 0) (ite v17 1 0) (ite v18 1 0) (ite v19 1 0) (ite v20 0 1) (ite v21 0 1) (ite v22 0 1) (ite v23 0 1) (ite v24 0 1) (ite v25 0 1) (ite v26 0 1) (ite v27 0 1) (ite v28 1 0) (ite v29 1 0) (ite v30 0 1) (ite v31 0 1) (ite v32 0 1) (ite v33 0 1) (ite v34 0 1) (ite v35 0 1) (ite v36 0 1) (ite v37 0 1) (ite v38 0 1) (ite v39 0 1) (ite v40 1 0) (ite v41 1 0) (ite v42 0 1) (ite v43 0 1) (ite v44 1 0) (ite v45 1 0) (ite v46 1 0) (ite v47 1 0) (ite v48 1 0) (ite v49 1 0) (ite v50 0 1) (ite v51 0 1) (ite v52 1 0) (ite v53 1 0) (ite v54 1 0) (ite v55 1 0) (ite v56 0 1) (ite v57 0 1) (ite v58 1 0) (ite v59 1 0) (ite v60 1 0) (ite v61 1 0) (ite v62 1 0) (ite v63 1 0) (ite v64 1 0) (ite v65 1 0) (ite v66 1 0) (ite v67 1 0) (ite v68 1 0) (ite v69 1 0) (ite v70 1 0) (ite v71 1 0) (ite v72 1 0) (ite v73 1 0) (ite v74 1 0) (ite v75 1 0) (ite v76 1 0) (ite v77 1 0) (ite v78 1 0) (ite v79 1 0) (ite v80 1 0) (ite v81 1 0) (ite v82 1 0) (ite v83 1 0) (ite v84 1 0) (ite v85 1 0) (ite v86 1 0) (ite v87 1 0) (ite v88 1 0) (ite v89 1 0) (ite v90 1 0) (ite v91 1 0) (ite v92 1 0) (ite v93 1 0) (ite v94 1 0) (ite v95 1 0) (ite v96 1 0) (ite v97 1 0) (ite v98 1 0) (ite v99 1 0) (ite v100 1 0) (ite v101 1 0) (ite v102 1 0) (ite v103 1 0) (ite v104 0 1) (ite v105 0 1) (ite v106 0 1) (ite v107 0 1) (ite v108 0 1) (ite v109 0 1) (ite v110 0 1) (ite v111 0 1) (ite v112 1 0) (ite v113 1 0) (ite v114 0 1) (ite v115 0 1) (ite v116 0 1) (ite v117 0 1) (ite v118 0 1) (ite v119 0 1) (ite v120 0 1) (ite v121 0 1) (ite v122 0 1) (ite v123 0 1) (ite v124 0 1) (ite v125 0 1) (ite v126 0 1) (ite v127 0 1) (ite v128 1 0) (ite v129 1 0) (ite v130 0 1) (ite v131 0 1) (ite v132 0 1) (ite v133 0 1) (ite v134 0 1) (ite v135 0 1) (ite v136 1 0) (ite v137 1 0) (ite v138 1 0) (ite v139 1 0) (ite v140 1 0) (ite v141 1 0) (ite v142 0 1) (ite v143 0 1) (ite v144 0 1) (ite v145 0 1) (ite v146 1 0) (ite v147 1 0)) 48)))
(assert (= v148 (>= (+ (ite v149 1 0) (ite v150 1 0) (ite v151 0 1) (ite v152 0 1) (ite v153 0 1) (ite v154 0 1) (ite v155 0 1) (ite v156 0 1) (ite v157 0 1) (ite v158 0 1) (ite v159 0 1) (ite v160 0 1) (ite v14 0 1) (ite v15 0 1) (ite v161 0 1) (ite v162 0 1) (ite v163 1 0) (ite v164 1 0) (ite v165 1 0) (ite v166 1 0) (ite v167 0 1) (ite v168 0 1) (ite v169 1 0) (ite v170 1 0) (ite v171 1 0) (ite v172 1 0) (ite v173 1 0) (ite v174 1 0) (ite v175 0 1) (ite v176 0 1) (ite v177 0 1) (ite v178 0 1) (ite v179 0 1) (ite v180 0 1) (ite v181 1 0) (ite v182 1 0) (ite v40 0 1) (ite v41 0 1) (ite v183 1 0) (ite v184 1 0) (ite v46 0 1) (ite v47 0 1) (ite v185 1 0) (ite v186 1 0) (ite v50 1 0) (ite v51 1 0) (ite v187 0 1) (ite v188 0 1) (ite v189 0 1) (ite v190 0 1) (ite v191 1 0) (ite v192 1 0) (ite v56 1 0) (ite v57 1 0) (ite v193 1 0) (ite v194 1 0) (ite v195 1 0) (ite v196 1 0) (ite v197 0 1) (ite v198 0 1) (ite v199 0 1) (ite v200 0 1) (ite v201 0 1) (ite v202 0 1) (ite v203 0 1) (ite v204 0 1) (ite v205 1 0) (ite v206 1 0) (ite v207 1 0) (ite v208 1 0) (ite v209 0 1) (ite v210 0 1) (ite v211 0 1) (ite v212 0 1) (ite v213 0 1) (ite v214 0 1) (ite v215 0 1) (ite v216 0 1) (ite v80 1 0) (ite v81 1 0) (ite v217 1 0) (ite v218 1 0) (ite v219 1 0) (ite v220 1 0) (ite v221 1 0) (ite v222 1 0) (ite v223 0 1) (ite v224 0 1) (ite v225 0 1) (ite v226 0 1) (ite v227 1 0) (ite v228 1 0) (ite v229 1 0) (ite v230 1 0) (ite v231 1 0) (ite v232 1 0) (ite v233 0 1) (ite v234 0 1) (ite v235 1 0) (ite v236 1 0) (ite v237 1 0) (ite v238 1 0) (ite v239 1 0) (ite v240 1 0) (ite v241 1 0) (ite v242 1 0) (ite v243 0 1) (ite v244 0 1) (ite v245 0 1) (ite v246 0 1) (ite v247 1 0) (ite v248 1 0) (ite v249 1 0) (ite v250 1 0) (ite v251 0 1) (ite v252 0 1) (ite v253 0 1) (ite v254 0 1) (ite v255 1 0) (ite v256 1 0) (ite v257 1 0) (ite v258 1 0) (ite v259 0 1) (ite v260 0 1) (ite v261 0 1) (ite v262 0 1) (ite v263 1 0) (ite v264 1 0) (ite v265 1 0) (ite v266 1 0) (ite v267 1 0) (ite v268 1 0) (ite v269 0 1) (ite v270 0 1) (ite v271 0 1) (ite v272 0 1) (ite v273 0 1) (ite v274 0 1) (ite v275 0 1) (ite v276 0 1) (ite v277 1 0) (ite v278 1 0) (ite v279 1 0) (ite v280 1 0) (ite v281 0 1) (ite v282 0 1) (ite v283 0 1) (ite v284 0 1) (ite v285 0 1) (ite v286 0 1) (ite v287 0 1) (ite v288 0 1) (ite v289 0 1) (ite v290 0 1) (ite v291 0 1) (ite v292 0 1) (ite v293 0 1) (ite v294 0 1) (ite v295 0 1) (ite v296 0 1) (ite v297 0 1) (ite v298 0 1) (ite v299 0 1) (ite v300 0 1) (ite v301 1 0) (ite v302 1 0) (ite v303 1 0) (ite v304 1 0) (ite v305 1 0) (ite v306 1 0) (ite v307 1 0) (ite v308 1 0) (ite v309 1 0) (ite v310 1 0) (ite v311 1 0) (ite v312 1 0) (ite v313 1 0) (ite v314 1 0) (ite v315 1 0) (ite v316 0 1) (ite v317 0 1) (ite v318 1 0) (ite v319 1 0) (ite v320 1 0) (ite v321 1 0) (ite v322 1 0) (ite v323 1 0) (ite v324 1 0) (ite v325 1 0) (ite v326 1 0) (ite v327 1 0) (ite v328 1 0) (ite v329 1 0) (ite v330 0 1) (ite v331 0 1) (ite v332 0 1) (ite v333 0 1) (ite v334 1 0) (ite v335 1 0) (ite v336 1 0) (ite v337 1 0) (ite v118 1 0) (ite v119 1 0) (ite v120 1 0) (ite v121 1 0) (ite v338 0 1) (ite v339 0 1) (ite v340 0 1) (ite v341 0 1) (ite v342 1 0) (ite v343 1 0) (ite v344 1 0) (ite v345 1 0) (ite v346 1 0) (ite v347 1 0) (ite v348 1 0) (ite v349 1 0) (ite v350 1 0) (ite v351 1 0) (ite v352 0 1) (ite v353 0 1) (ite v354 0 1) (ite v355 0 1) (ite v356 1 0) (ite v357 1 0) (ite v358 1 0) (ite v359 1 0) (ite v360 1 0) (ite v361 1 0) (ite v362 1 0) (ite v363 1 0) (ite v364 1 0) (ite v365 1 0) (ite v366 1 0) (ite v367 1 0) (ite v368 1 0) (ite v369 1 0) (ite v370 1 0) (ite v371 1 0) (ite v142 1 0) (ite v143 1 0) (ite v144 1 0) (ite v145 1 0) (ite v372 1 0) (ite v373 1 0)) 213)))
(assert (= v374 (>= (+ (ite v2 1 0) (ite v3 1 0) (ite v149 1 0) (ite v150 1 0) (ite v375 1 0) (ite v376 1 0) (ite v4 1 0) (ite v5 1 0) (ite v151 1 0) (ite v152 1 0) (ite v6 1 0) (ite v7 1 0) (ite v8 0 1) (ite v9 0 1) (ite v10 0 1) (ite v11 0 1) (ite v377 1 0) (ite v378 1 0) (ite v379 1 0) (ite v380 1 0) (ite v12 1 0) (ite v13 1 0) (ite v14 1 0) (ite v15 1 0) (ite v381 1 0) (ite v382 1 0) (ite v383 1 0) (ite v384 1 0) (ite v385 1 0) (ite v386 1 0) (ite v387 1 0) (ite v388 1 0) (ite v389 1 0) (ite v390 1 0) (ite v391 1 0) (ite v392 1 0) (ite v393 1 0) (ite v394 1 0) (ite v175 1 0) (ite v176 1 0) (ite v30 1 0) (ite v31 1 0) (ite v395 1 0) (ite v396 1 0) (ite v397 1 0) (ite v398 1 0) (ite v56 1 0) (ite v57 1 0) (ite v193 1 0) (ite v194 1 0) (ite v70 1 0) (ite v71 1 0) (ite v72 1 0) (ite v73 1 0) (ite v399 1 0) (ite v400 1 0) (ite v401 1 0) (ite v402 1 0) (ite v199 1 0) (ite v200 1 0) (ite v201 1 0) (ite v202 1 0) (ite v403 1 0) (ite v404 1 0) (ite v405 1 0) (ite v406 1 0) (ite v407 1 0) (ite v408 1 0) (ite v241 1 0) (ite v242 1 0) (ite v409 1 0) (ite v410 1 0) (ite v411 1 0) (ite v412 1 0) (ite v413 0 1) (ite v414 0 1) (ite v415 0 1) (ite v416 0 1) (ite v417 0 1) (ite v418 0 1) (ite v419 1 0) (ite v420 1 0) (ite v421 1 0) (ite v422 1 0) (ite v423 1 0) (ite v424 1 0) (ite v425 1 0) (ite v426 1 0) (ite v427 1 0) (ite v428 1 0) (ite v326 0 1) (ite v327 0 1) (ite v328 0 1) (ite v329 0 1) (ite v429 1 0) (ite v430 1 0) (ite v431 1 0) (ite v432 1 0) (ite v433 0 1) (ite v434 0 1) (ite v435 0 1) (ite v436 0 1) (ite v437 0 1) (ite v438 0 1) (ite v439 0 1) (ite v440 0 1) (ite v118 0 1) (ite v119 0 1) (ite v120 0 1) (ite v121 0 1) (ite v338 1 0) (ite v339 1 0) (ite v340 1 0) (ite v341 1 0) (ite v441 1 0) (ite v442 1 0) (ite v443 1 0) (ite v444 1 0) (ite v445 0 1) (ite v446 0 1) (ite v447 0 1) (ite v448 0 1) (ite v449 0 1) (ite v450 0 1) (ite v352 1 0) (ite v353 1 0) (ite v354 1 0) (ite v355 1 0) (ite v451 1 0) (ite v452 1 0) (ite v453 0 1) (ite v454 0 1) (ite v455 0 1) (ite v456 0 1) (ite v457 1 0) (ite v458 1 0) (ite v459 0 1) (ite v460 0 1) (ite v461 0 1) (ite v462 0 1) (ite v463 0 1) (ite v464 0 1) (ite v465 1 0) (ite v466 1 0) (ite v467 0 1) (ite v468 0 1) (ite v364 0 1) (ite v365 0 1) (ite v469 0 1) (ite v470 0 1) (ite v128 0 1) (ite v129 0 1) (ite v471 0 1) (ite v472 0 1) (ite v366 0 1) (ite v367 0 1) (ite v368 0 1) (ite v369 0 1) (ite v473 0 1) (ite v474 0 1) (ite v475 0 1) (ite v476 0 1) (ite v477 0 1) (ite v478 0 1) (ite v479 0 1) (ite v480 0 1) (ite v481 0 1) (ite v482 0 1) (ite v138 0 1) (ite v139 0 1) (ite v483 0 1) (ite v484 0 1) (ite v485 0 1) (ite v486 0 1) (ite v146 0 1) (ite v147 0 1) (ite v372 0 1) (ite v373 0 1) (ite v487 0 1) (ite v488 0 1) (ite v489 0 1) (ite v490 0 1)) 41)))
(assert (= v491 (>= (+ (ite v153 1 0) (ite v154 1 0) (ite v492 1 0) (ite v493 1 0) (ite v10 0 1) (ite v11 0 1) (ite v494 0 1) (ite v495 0 1) (ite v22 1 0) (ite v23 1 0) (ite v496 0 1) (ite v497 0 1) (ite v36 1 0) (ite v37 1 0) (ite v189 1 0) (ite v190 1 0) (ite v56 1 0) (ite v57 1 0) (ite v498 1 0) (ite v499 1 0) (ite v500 1 0) (ite v501 1 0) (ite v502 1 0) (ite v503 1 0) (ite v504 1 0) (ite v505 1 0) (ite v506 1 0) (ite v507 1 0) (ite v199 1 0) (ite v200 1 0) (ite v201 1 0) (ite v202 1 0) (ite v508 1 0) (ite v509 1 0) (ite v510 1 0) (ite v511 1 0) (ite v512 1 0) (ite v513 1 0) (ite v213 1 0) (ite v214 1 0) (ite v215 1 0) (ite v216 1 0) (ite v514 0 1) (ite v515 0 1) (ite v516 0 1) (ite v517 0 1) (ite v518 1 0) (ite v519 1 0) (ite v520 1 0) (ite v521 1 0) (ite v522 0 1) (ite v523 0 1) (ite v524 0 1) (ite v525 0 1) (ite v405 0 1) (ite v406 0 1) (ite v407 0 1) (ite v408 0 1) (ite v526 1 0) (ite v527 1 0) (ite v528 1 0) (ite v529 1 0) (ite v530 1 0) (ite v531 1 0) (ite v532 1 0) (ite v533 1 0) (ite v534 0 1) (ite v535 0 1) (ite v536 0 1) (ite v537 0 1) (ite v538 0 1) (ite v539 0 1) (ite v540 0 1) (ite v541 0 1) (ite v542 1 0) (ite v543 1 0) (ite v544 1 0) (ite v545 1 0) (ite v546 1 0) (ite v547 1 0) (ite v548 1 0) (ite v549 1 0) (ite v550 1 0) (ite v551 1 0) (ite v552 0 1) (ite v553 0 1) (ite v554 0 1) (ite v555 0 1) (ite v556 0 1) (ite v557 0 1) (ite v558 1 0) (ite v559 1 0) (ite v560 1 0) (ite v561 1 0) (ite v562 1 0) (ite v563 1 0) (ite v564 1 0) (ite v565 1 0) (ite v566 1 0) (ite v567 1 0) (ite v568 1 0) (ite v569 0 1) (ite v570 0 1) (ite v571 0 1) (ite v572 0 1) (ite v573 1 0) (ite v574 1 0) (ite v575 1 0) (ite v576 1 0) (ite v577 0 1) (ite v578 0 1) (ite v579 0 1) (ite v580 0 1) (ite v581 0 1) (ite v582 0 1) (ite v583 0 1) (ite v584 0 1) (ite v585 0 1) (ite v586 0 1) (ite v587 1 0) (ite v588 1 0) (ite v589 0 1) (ite v590 0 1) (ite v591 0 1) (ite v592 0 1) (ite v593 0 1) (ite v594 0 1) (ite v595 0 1) (ite v596 0 1) (ite v597 1 0) (ite v598 1 0) (ite v599 1 0) (ite v600 1 0) (ite v601 0 1) (ite v602 0 1) (ite v603 0 1) (ite v604 0 1) (ite v605 0 1) (ite v606 0 1) (ite v607 0 1) (ite v608 0 1) (ite v609 0 1) (ite v610 0 1) (ite v611 0 1) (ite v612 1 0) (ite v613 1 0) (ite v614 1 0) (ite v615 1 0) (ite v616 1 0) (ite v617 1 0) (ite v618 1 0) (ite v619 1 0) (ite v620 1 0) (ite v621 1 0) (ite v622 1 0) (ite v623 1 0) (ite v624 1 0) (ite v625 1 0) (ite v626 1 0) (ite v627 1 0) (ite v628 1 0) (ite v629 1 0) (ite v630 1 0) (ite v631 1 0) (ite v632 0 1) (ite v633 0 1) (ite v634 0 1) (ite v635 0 1) (ite v636 0 1) (ite v637 0 1) (ite v638 0 1) (ite v639 0 1) (ite v421 0 1) (ite v422 0 1) (ite v423 0 1) (ite v424 0 1) (ite v640 0 1) (ite v641 0 1) (ite v642 0 1) (ite v643 0 1) (ite v644 0 1) (ite v645 0 1) (ite v646 0 1) (ite v647 0 1) (ite v330 0 1) (ite v331 0 1) (ite v332 0 1) (ite v333 0 1) (ite v648 0 1) (ite v649 0 1) (ite v650 0 1) (ite v651 0 1) (ite v652 0 1) (ite v653 0 1) (ite v459 1 0) (ite v460 1 0) (ite v654 1 0) (ite v655 1 0) (ite v370 1 0) (ite v371 1 0) (ite v656 0 1) (ite v657 0 1)) 183)))
(assert (= v658 (>= (+ (ite v151 0 1) (ite v152 0 1) (ite v659 1 0) (ite v660 1 0) (ite v8 1 0) (ite v9 1 0) (ite v10 1 0) (ite v11 1 0) (ite v379 1 0) (ite v380 1 0) (ite v12 1 0) (ite v13 1 0) (ite v661 0 1) (ite v662 0 1) (ite v663 1 0) (ite v664 1 0) (ite v665 1 0) (ite v666 1 0) (ite v667 0 1) (ite v668 0 1) (ite v669 1 0) (ite v670 1 0) (ite v20 0 1) (ite v21 0 1) (ite v22 0 1) (ite v23 0 1) (ite v671 1 0) (ite v672 1 0) (ite v673 1 0) (ite v674 1 0) (ite v171 1 0) (ite v172 1 0) (ite v675 0 1) (ite v676 0 1) (ite v177 1 0) (ite v178 1 0) (ite v28 1 0) (ite v29 1 0) (ite v496 1 0) (ite v497 1 0) (ite v677 1 0) (ite v678 1 0) (ite v32 0 1) (ite v33 0 1) (ite v679 1 0) (ite v680 1 0) (ite v681 1 0) (ite v682 1 0) (ite v683 1 0) (ite v684 1 0) (ite v42 0 1) (ite v43 0 1) (ite v44 1 0) (ite v45 1 0) (ite v685 1 0) (ite v686 1 0) (ite v687 0 1) (ite v688 0 1) (ite v689 0 1) (ite v690 0 1) (ite v691 1 0) (ite v692 1 0) (ite v48 1 0) (ite v49 1 0) (ite v191 0 1) (ite v192 0 1) (ite v693 1 0) (ite v694 1 0) (ite v695 0 1) (ite v696 0 1) (ite v697 0 1) (ite v698 0 1) (ite v699 0 1) (ite v700 0 1) (ite v701 0 1) (ite v702 0 1) (ite v399 0 1) (ite v400 0 1) (ite v703 1 0) (ite v704 1 0) (ite v74 1 0) (ite v75 1 0) (ite v705 0 1) (ite v706 0 1) (ite v508 0 1) (ite v509 0 1) (ite v707 1 0) (ite v708 1 0) (ite v709 1 0) (ite v710 1 0) (ite v80 0 1) (ite v81 0 1) (ite v711 0 1) (ite v712 0 1) (ite v82 1 0) (ite v83 1 0) (ite v713 1 0) (ite v714 1 0) (ite v715 1 0) (ite v716 1 0) (ite v717 0 1) (ite v718 0 1) (ite v719 0 1) (ite v720 0 1) (ite v721 0 1) (ite v722 0 1) (ite v723 0 1) (ite v724 0 1) (ite v86 0 1) (ite v87 0 1) (ite v725 1 0) (ite v726 1 0) (ite v223 0 1) (ite v224 0 1) (ite v225 0 1) (ite v226 0 1) (ite v727 0 1) (ite v728 0 1) (ite v729 1 0) (ite v730 1 0) (ite v731 1 0) (ite v732 1 0) (ite v733 1 0) (ite v734 1 0) (ite v735 1 0) (ite v736 1 0) (ite v737 0 1) (ite v738 0 1) (ite v739 0 1) (ite v740 0 1) (ite v741 0 1) (ite v742 0 1) (ite v743 1 0) (ite v744 1 0) (ite v233 0 1) (ite v234 0 1) (ite v526 0 1) (ite v527 0 1) (ite v528 0 1) (ite v529 0 1) (ite v534 1 0) (ite v535 1 0) (ite v536 1 0) (ite v537 1 0) (ite v239 0 1) (ite v240 0 1) (ite v745 0 1) (ite v746 0 1) (ite v747 0 1) (ite v748 0 1) (ite v749 0 1) (ite v750 0 1) (ite v751 0 1) (ite v752 0 1) (ite v753 0 1) (ite v754 0 1) (ite v247 1 0) (ite v248 1 0) (ite v249 1 0) (ite v250 1 0) (ite v556 0 1) (ite v557 0 1) (ite v755 0 1) (ite v756 0 1) (ite v757 0 1) (ite v758 0 1) (ite v759 0 1) (ite v760 0 1) (ite v251 0 1) (ite v252 0 1) (ite v253 0 1) (ite v254 0 1) (ite v267 0 1) (ite v268 0 1) (ite v761 0 1) (ite v762 0 1) (ite v763 0 1) (ite v764 0 1) (ite v765 0 1) (ite v766 0 1) (ite v767 0 1) (ite v768 0 1) (ite v769 0 1) (ite v770 0 1) (ite v285 0 1) (ite v286 0 1) (ite v287 0 1) (ite v288 0 1) (ite v771 1 0) (ite v772 1 0) (ite v96 1 0) (ite v97 1 0) (ite v98 1 0) (ite v99 1 0) (ite v773 0 1) (ite v774 0 1) (ite v775 0 1) (ite v776 0 1) (ite v777 1 0) (ite v778 1 0) (ite v779 1 0) (ite v780 1 0) (ite v612 1 0) (ite v613 1 0) (ite v614 1 0) (ite v615 1 0) (ite v781 0 1) (ite v782 0 1) (ite v783 0 1) (ite v784 0 1) (ite v785 1 0) (ite v786 1 0) (ite v787 1 0) (ite v788 1 0) (ite v789 0 1) (ite v790 0 1) (ite v791 0 1) (ite v792 0 1) (ite v793 1 0) (ite v794 1 0) (ite v795 1 0) (ite v796 1 0) (ite v797 1 0) (ite v798 1 0) (ite v799 1 0) (ite v800 1 0) (ite v801 0 1) (ite v802 0 1) (ite v803 0 1) (ite v804 0 1) (ite v805 1 0) (ite v806 1 0) (ite v807 1 0) (ite v808 1 0) (ite v809 0 1) (ite v810 0 1) (ite v811 0 1) (ite v812 0 1) (ite v813 0 1) (ite v814 0 1) (ite v815 0 1) (ite v816 0 1) (ite v817 1 0) (ite v818 1 0) (ite v819 1 0) (ite v820 1 0) (ite v821 0 1) (ite v822 0 1) (ite v823 0 1) (ite v824 0 1) (ite v644 1 0) (ite v645 1 0) (ite v646 1 0) (ite v647 1 0) (ite v114 0 1) (ite v115 0 1) (ite v116 0 1) (ite v117 0 1) (ite v825 1 0) (ite v826 1 0) (ite v827 1 0) (ite v828 1 0) (ite v338 1 0) (ite v339 1 0) (ite v340 1 0) (ite v341 1 0) (ite v829 0 1) (ite v830 0 1) (ite v831 0 1) (ite v832 0 1) (ite v833 1 0) (ite v834 1 0) (ite v835 1 0) (ite v836 1 0) (ite v837 1 0) (ite v838 1 0) (ite v839 0 1) (ite v840 0 1) (ite v841 1 0) (ite v842 1 0) (ite v843 1 0) (ite v844 1 0) (ite v845 0 1) (ite v846 0 1) (ite v469 0 1) (ite v470 0 1) (ite v471 0 1) (ite v472 0 1) (ite v366 0 1) (ite v367 0 1) (ite v473 1 0) (ite v474 1 0) (ite v847 0 1) (ite v848 0 1) (ite v849 1 0) (ite v850 1 0) (ite v654 0 1) (ite v655 0 1) (ite v479 1 0) (ite v480 1 0) (ite v851 1 0) (ite v852 1 0) (ite v656 0 1) (ite v657 0 1) (ite v853 0 1) (ite v854 0 1) (ite v855 1 0) (ite v856 1 0) (ite v485 1 0) (ite v486 1 0) (ite v372 1 0) (ite v373 1 0) (ite v489 1 0) (ite v490 1 0)) 256)))
(assert (= v857 (>= (+ (ite v858 1 0) (ite v859 1 0) (ite v153 1 0) (ite v154 1 0) (ite v492 0 1) (ite v493 0 1) (ite v8 0 1) (ite v9 0 1) (ite v10 0 1) (ite v11 0 1) (ite v860 0 1) (ite v861 0 1) (ite v159 1 0) (ite v160 1 0) (ite v377 1 0) (ite v378 1 0) (ite v12 0 1) (ite v13 0 1) (ite v16 1 0) (ite v17 1 0) (ite v169 0 1) (ite v170 0 1) (ite v22 1 0) (ite v23 1 0) (ite v862 1 0) (ite v863 1 0) (ite v671 0 1) (ite v672 0 1) (ite v171 0 1) (ite v172 0 1) (ite v26 1 0) (ite v27 1 0) (ite v864 1 0) (ite v865 1 0) (ite v177 0 1) (ite v178 0 1) (ite v496 0 1) (ite v497 0 1) (ite v677 1 0) (ite v678 1 0) (ite v866 1 0) (ite v867 1 0) (ite v679 0 1) (ite v680 0 1) (ite v681 0 1) (ite v682 0 1) (ite v38 1 0) (ite v39 1 0) (ite v40 0 1) (ite v41 0 1) (ite v48 0 1) (ite v49 0 1) (ite v868 0 1) (ite v869 0 1) (ite v78 0 1) (ite v79 0 1) (ite v707 0 1) (ite v708 0 1) (ite v870 1 0) (ite v871 1 0) (ite v872 1 0) (ite v873 1 0) (ite v715 0 1) (ite v716 0 1) (ite v717 1 0) (ite v718 1 0) (ite v719 1 0) (ite v720 1 0) (ite v721 1 0) (ite v722 1 0) (ite v874 0 1) (ite v875 0 1) (ite v876 0 1) (ite v877 0 1) (ite v878 1 0) (ite v879 1 0) (ite v727 1 0) (ite v728 1 0) (ite v737 1 0) (ite v738 1 0) (ite v880 0 1) (ite v881 0 1) (ite v233 1 0) (ite v234 1 0) (ite v882 0 1) (ite v883 0 1) (ite v884 0 1) (ite v885 0 1) (ite v886 0 1) (ite v247 0 1) (ite v248 0 1) (ite v249 0 1) (ite v250 0 1) (ite v887 0 1) (ite v888 0 1) (ite v889 0 1) (ite v890 0 1) (ite v255 0 1) (ite v256 0 1) (ite v257 0 1) (ite v258 0 1) (ite v891 0 1) (ite v892 0 1) (ite v893 0 1) (ite v894 0 1) (ite v895 1 0) (ite v896 1 0) (ite v897 1 0) (ite v898 1 0) (ite v899 0 1) (ite v900 0 1) (ite v901 0 1) (ite v902 0 1) (ite v903 1 0) (ite v904 1 0) (ite v905 1 0) (ite v906 1 0) (ite v907 1 0) (ite v908 1 0) (ite v909 1 0) (ite v910 1 0) (ite v789 1 0) (ite v790 1 0) (ite v791 1 0) (ite v792 1 0) (ite v911 0 1) (ite v912 0 1) (ite v913 0 1) (ite v914 0 1) (ite v915 1 0) (ite v916 1 0) (ite v917 1 0) (ite v918 1 0) (ite v919 0 1) (ite v920 0 1) (ite v921 0 1) (ite v922 0 1) (ite v923 1 0) (ite v924 1 0) (ite v925 1 0) (ite v926 1 0) (ite v927 1 0) (ite v928 1 0) (ite v929 1 0) (ite v930 1 0) (ite v833 0 1) (ite v834 0 1) (ite v459 1 0) (ite v460 1 0) (ite v843 0 1) (ite v844 0 1) (ite v473 1 0) (ite v474 1 0) (ite v931 0 1) (ite v932 0 1) (ite v933 0 1) (ite v934 0 1) (ite v935 0 1) (ite v936 0 1) (ite v656 0 1) (ite v657 0 1) (ite v853 0 1) (ite v854 0 1) (ite v937 0 1) (ite v938 0 1)) 148)))
(assert (= v939 (>= (+ (ite v940 1 0) (ite v941 1 0) (ite v2 1 0) (ite v3 1 0) (ite v375 1 0) (ite v376 1 0) (ite v4 1 0) (ite v5 1 0) (ite v492 1 0) (ite v493 1 0) (ite v942 1 0) (ite v943 1 0) (ite v944 1 0) (ite v945 1 0) (ite v383 1 0) (ite v384 1 0) (ite v167 0 1) (ite v168 0 1) (ite v946 0 1) (ite v947 0 1) (ite v665 1 0) (ite v666 1 0) (ite v16 0 1) (ite v17 0 1) (ite v18 0 1) (ite v19 0 1) (ite v391 1 0) (ite v392 1 0) (ite v671 1 0) (ite v672 1 0) (ite v175 1 0) (ite v176 1 0) (ite v30 1 0) (ite v31 1 0) (ite v32 1 0) (ite v33 1 0) (ite v34 1 0) (ite v35 1 0) (ite v395 1 0) (ite v396 1 0) (ite v36 1 0) (ite v37 1 0) (ite v948 1 0) (ite v949 1 0) (ite v42 1 0) (ite v43 1 0) (ite v187 1 0) (ite v188 1 0) (ite v54 0 1) (ite v55 0 1) (ite v693 1 0) (ite v694 1 0) (ite v950 0 1) (ite v951 0 1) (ite v952 1 0) (ite v953 1 0) (ite v954 1 0) (ite v955 1 0) (ite v956 1 0) (ite v957 1 0) (ite v958 0 1) (ite v959 0 1) (ite v960 0 1) (ite v961 0 1) (ite v267 1 0) (ite v268 1 0) (ite v962 0 1) (ite v963 0 1) (ite v964 0 1) (ite v965 0 1) (ite v966 0 1) (ite v967 0 1) (ite v968 1 0) (ite v969 1 0) (ite v970 1 0) (ite v971 1 0) (ite v972 0 1) (ite v973 0 1) (ite v974 0 1) (ite v975 0 1) (ite v976 1 0) (ite v977 1 0) (ite v978 1 0) (ite v979 1 0) (ite v980 0 1) (ite v981 0 1) (ite v982 0 1) (ite v983 0 1) (ite v984 0 1) (ite v985 0 1) (ite v986 0 1) (ite v987 0 1) (ite v988 1 0) (ite v989 1 0) (ite v990 1 0) (ite v991 1 0) (ite v992 1 0) (ite v993 1 0) (ite v994 1 0) (ite v995 1 0) (ite v829 0 1) (ite v830 0 1) (ite v831 0 1) (ite v832 0 1) (ite v356 0 1) (ite v357 0 1) (ite v996 0 1) (ite v997 0 1) (ite v998 0 1) (ite v999 0 1) (ite v1000 0 1) (ite v1001 0 1) (ite v1002 0 1) (ite v1003 0 1) (ite v455 0 1) (ite v456 0 1) (ite v839 0 1) (ite v840 0 1) (ite v1004 0 1) (ite v1005 0 1) (ite v461 0 1) (ite v462 0 1) (ite v463 0 1) (ite v464 0 1) (ite v1006 0 1) (ite v1007 0 1) (ite v1008 0 1) (ite v1009 0 1) (ite v1010 0 1) (ite v1011 0 1) (ite v467 0 1) (ite v468 0 1) (ite v128 0 1) (ite v129 0 1) (ite v1012 0 1) (ite v1013 0 1) (ite v931 1 0) (ite v932 1 0) (ite v130 1 0) (ite v131 1 0) (ite v1014 1 0) (ite v1015 1 0) (ite v1016 0 1) (ite v1017 0 1) (ite v1018 0 1) (ite v1019 0 1) (ite v138 0 1) (ite v139 0 1) (ite v935 0 1) (ite v936 0 1) (ite v656 0 1) (ite v657 0 1) (ite v142 1 0) (ite v143 1 0) (ite v144 1 0) (ite v145 1 0) (ite v1020 1 0) (ite v1021 1 0) (ite v937 0 1) (ite v938 0 1) (ite v1022 0 1) (ite v1023 0 1) (ite v483 0 1) (ite v484 0 1) (ite v487 0 1) (ite v488 0 1)) 34)))
(assert (= v1024 (>= (+ (ite v491 0 1) (ite v857 1 0)) 1)))
(assert (= v1025 (>= (ite v658 0 1) 1)))
(assert (= v1026 (>= (ite v1024 0 1) 1)))
(assert (not v1027))
(assert v1027)
(assert (or (not v3) v2))
(assert (or (not v5) v4))
(assert (or (not v7) v6))
(assert (or (not v9) v8))
(assert (or (not v11) v10))
(assert (or (not v13) v12))
(assert (or (not v15) v14))
(assert (or (not v17) v16))
(assert (or (not v19) v18))
(assert (or (not v21) v20))
(assert (or (not v23) v22))
(assert (or (not v25) v24))
(assert (or (not v27) v26))
(assert (or (not v29) v28))
(assert (or (not v31) v30))
(assert (or (not v33) v32))
(assert (or (not v35) v34))
(assert (or (not v37) v36))
(assert (or (not v39) v38))
(assert (or (not v41) v40))
(assert (or (not v43) v42))
(assert (or (not v45) v44))
(assert (or (not v47) v46))
(assert (or (not v49) v48))
(assert (or (not v51) v50))
(assert (or (not v53) v52))
(assert (or (not v55) v54))
(assert (or (not v57) v56))
(assert (or (not v59) v58))
(assert (or (not v61) v60))
(assert (or (not v63) v62))
(assert (or (not v64) v63))
(assert (or (not v65) v64))
(assert (or (not v67) v66))
(assert (or (not v69) v68))
(assert (or (not v71) v70))
(assert (or (not v72) v71))
(assert (or (not v73) v72))
(assert (or (not v75) v74))
(assert (or (not v77) v76))
(assert (or (not v79) v78))
(assert (or (not v81) v80))
(assert (or (not v83) v82))
(assert (or (not v85) v84))
(assert (or (not v87) v86))
(assert (or (not v89) v88))
(assert (or (not v91) v90))
(assert (or (not v92) v91))
(assert (or (not v93) v92))
(assert (or (not v95) v94))
(assert (or (not v97) v96))
(assert (or (not v98) v97))
(assert (or (not v99) v98))
(assert (or (not v101) v100))
(assert (or (not v102) v101))
(assert (or (not v103) v102))
(assert (or (not v105) v104))
(assert (or (not v106) v105))
(assert (or (not v107) v106))
(assert (or (not v109) v108))
(assert (or (not v110) v109))
(assert (or (not v111) v110))
(assert (or (not v113) v112))
(assert (or (not v115) v114))
(assert (or (not v116) v115))
(assert (or (not v117) v116))
(assert (or (not v119) v118))
(assert (or (not v120) v119))
(assert (or (not v121) v120))
(assert (or (not v123) v122))
(assert (or (not v125) v124))
(assert (or (not v127) v126))
(assert (or (not v129) v128))
(assert (or (not v131) v130))
(assert (or (not v133) v132))
(assert (or (not v135) v134))
(assert (or (not v137) v136))
(assert (or (not v139) v138))
(assert (or (not v141) v140))
(assert (or (not v143) v142))
(assert (or (not v145) v144))
(assert (or (not v147) v146))
(assert (or (not v150) v149))
(assert (or (not v152) v151))
(assert (or (not v154) v153))
(assert (or (not v156) v155))
(assert (or (not v158) v157))
(assert (or (not v160) v159))
(assert (or (not v162) v161))
(assert (or (not v164) v163))
(assert (or (not v166) v165))
(assert (or (not v168) v167))
(assert (or (not v170) v169))
(assert (or (not v172) v171))
(assert (or (not v174) v173))
(assert (or (not v176) v175))
(assert (or (not v178) v177))
(assert (or (not v180) v179))
(assert (or (not v182) v181))
(assert (or (not v184) v183))
(assert (or (not v186) v185))
(assert (or (not v188) v187))
(assert (or (not v190) v189))
(assert (or (not v192) v191))
(assert (or (not v194) v193))
(assert (or (not v196) v195))
(assert (or (not v198) v197))
(assert (or (not v200) v199))
(assert (or (not v201) v200))
(assert (or (not v202) v201))
(assert (or (not v204) v203))
(assert (or (not v206) v205))
(assert (or (not v207) v206))
(assert (or (not v208) v207))
(assert (or (not v210) v209))
(assert (or (not v211) v210))
(assert (or (not v212) v211))
(assert (or (not v214) v213))
(assert (or (not v215) v214))
(assert (or (not v216) v215))
(assert (or (not v218) v217))
(assert (or (not v220) v219))
(assert (or (not v222) v221))
(assert (or (not v224) v223))
(assert (or (not v225) v224))
(assert (or (not v226) v225))
(assert (or (not v228) v227))
(assert (or (not v230) v229))
(assert (or (not v232) v231))
(assert (or (not v234) v233))
(assert (or (not v236) v235))
(assert (or (not v237) v236))
(assert (or (not v238) v237))
(assert (or (not v240) v239))
(assert (or (not v242) v241))
(assert (or (not v244) v243))
(assert (or (not v245) v244))
(assert (or (not v246) v245))
(assert (or (not v248) v247))
(assert (or (not v249) v248))
(assert (or (not v250) v249))
(assert (or (not v252) v251))
(assert (or (not v253) v252))
(assert (or (not v254) v253))
(assert (or (not v256) v255))
(assert (or (not v257) v256))
(assert (or (not v258) v257))
(assert (or (not v260) v259))
(assert (or (not v261) v260))
(assert (or (not v262) v261))
(assert (or (not v264) v263))
(assert (or (not v265) v264))
(assert (or (not v266) v265))
(assert (or (not v268) v267))
(assert (or (not v270) v269))
(assert (or (not v271) v270))
(assert (or (not v272) v271))
(assert (or (not v274) v273))
(assert (or (not v275) v274))
(assert (or (not v276) v275))
(assert (or (not v278) v277))
(assert (or (not v280) v279))
(assert (or (not v282) v281))
(assert (or (not v283) v282))
(assert (or (not v284) v283))
(assert (or (not v286) v285))
(assert (or (not v287) v286))
(assert (or (not v288) v287))
(assert (or (not v290) v289))
(assert (or (not v291) v290))
(assert (or (not v292) v291))
(assert (or (not v294) v293))
(assert (or (not v295) v294))
(assert (or (not v296) v295))
(assert (or (not v298) v297))
(assert (or (not v299) v298))
(assert (or (not v300) v299))
(assert (or (not v302) v301))
(assert (or (not v303) v302))
(assert (or (not v304) v303))
(assert (or (not v306) v305))
(assert (or (not v307) v306))
(assert (or (not v308) v307))
(assert (or (not v310) v309))
(assert (or (not v311) v310))
(assert (or (not v312) v311))
(assert (or (not v314) v313))
(assert (or (not v315) v314))
(assert (or (not v317) v316))
(assert (or (not v319) v318))
(assert (or (not v320) v319))
(assert (or (not v321) v320))
(assert (or (not v323) v322))
(assert (or (not v324) v323))
(assert (or (not v325) v324))
(assert (or (not v327) v326))
(assert (or (not v328) v327))
(assert (or (not v329) v328))
(assert (or (not v331) v330))
(assert (or (not v332) v331))
(assert (or (not v333) v332))
(assert (or (not v335) v334))
(assert (or (not v336) v335))
(assert (or (not v337) v336))
(assert (or (not v339) v338))
(assert (or (not v340) v339))
(assert (or (not v341) v340))
(assert (or (not v343) v342))
(assert (or (not v345) v344))
(assert (or (not v346) v345))
(assert (or (not v347) v346))
(assert (or (not v349) v348))
(assert (or (not v350) v349))
(assert (or (not v351) v350))
(assert (or (not v353) v352))
(assert (or (not v354) v353))
(assert (or (not v355) v354))
(assert (or (not v357) v356))
(assert (or (not v359) v358))
(assert (or (not v361) v360))
(assert (or (not v363) v362))
(assert (or (not v365) v364))
(assert (or (not v367) v366))
(assert (or (not v369) v368))
(assert (or (not v371) v370))
(assert (or (not v373) v372))
(assert (or (not v376) v375))
(assert (or (not v378) v377))
(assert (or (not v380) v379))
(assert (or (not v382) v381))
(assert (or (not v384) v383))
(assert (or (not v386) v385))
(assert (or (not v388) v387))
(assert (or (not v390) v389))
(assert (or (not v392) v391))
(assert (or (not v394) v393))
(assert (or (not v396) v395))
(assert (or (not v398) v397))
(assert (or (not v400) v399))
(assert (or (not v402) v401))
(assert (or (not v404) v403))
(assert (or (not v406) v405))
(assert (or (not v407) v406))
(assert (or (not v408) v407))
(assert (or (not v410) v409))
(assert (or (not v412) v411))
(assert (or (not v414) v413))
(assert (or (not v416) v415))
(assert (or (not v417) v416))
(assert (or (not v418) v417))
(assert (or (not v420) v419))
(assert (or (not v422) v421))
(assert (or (not v423) v422))
(assert (or (not v424) v423))
(assert (or (not v426) v425))
(assert (or (not v427) v426))
(assert (or (not v428) v427))
(assert (or (not v430) v429))
(assert (or (not v432) v431))
(assert (or (not v434) v433))
(assert (or (not v435) v434))
(assert (or (not v436) v435))
(assert (or (not v438) v437))
(assert (or (not v439) v438))
(assert (or (not v440) v439))
(assert (or (not v442) v441))
(assert (or (not v444) v443))
(assert (or (not v446) v445))
(assert (or (not v448) v447))
(assert (or (not v449) v448))
(assert (or (not v450) v449))
(assert (or (not v452) v451))
(assert (or (not v454) v453))
(assert (or (not v456) v455))
(assert (or (not v458) v457))
(assert (or (not v460) v459))
(assert (or (not v462) v461))
(assert (or (not v464) v463))
(assert (or (not v466) v465))
(assert (or (not v468) v467))
(assert (or (not v470) v469))
(assert (or (not v472) v471))
(assert (or (not v474) v473))
(assert (or (not v476) v475))
(assert (or (not v478) v477))
(assert (or (not v480) v479))
(assert (or (not v482) v481))
(assert (or (not v484) v483))
(assert (or (not v486) v485))
(assert (or (not v488) v487))
(assert (or (not v490) v489))
(assert (or (not v493) v492))
(assert (or (not v495) v494))
(assert (or (not v497) v496))
(assert (or (not v499) v498))
(assert (or (not v500) v499))
(assert (or (not v501) v500))
(assert (or (not v503) v502))
(assert (or (not v504) v503))
(assert (or (not v505) v504))
(assert (or (not v507) v506))
(assert (or (not v509) v508))
(assert (or (not v511) v510))
(assert (or (not v512) v511))
(assert (or (not v513) v512))
(assert (or (not v515) v514))
(assert (or (not v516) v515))
(assert (or (not v517) v516))
(assert (or (not v519) v518))
(assert (or (not v520) v519))
(assert (or (not v521) v520))
(assert (or (not v523) v522))
(assert (or (not v524) v523))
(assert (or (not v525) v524))
(assert (or (not v527) v526))
(assert (or (not v528) v527))
(assert (or (not v529) v528))
(assert (or (not v531) v530))
(assert (or (not v532) v531))
(assert (or (not v533) v532))
(assert (or (not v535) v534))
(assert (or (not v536) v535))
(assert (or (not v537) v536))
(assert (or (not v539) v538))
(assert (or (not v540) v539))
(assert (or (not v541) v540))
(assert (or (not v543) v542))
(assert (or (not v545) v544))
(assert (or (not v546) v545))
(assert (or (not v547) v546))
(assert (or (not v549) v548))
(assert (or (not v550) v549))
(assert (or (not v551) v550))
(assert (or (not v553) v552))
(assert (or (not v554) v553))
(assert (or (not v555) v554))
(assert (or (not v557) v556))
(assert (or (not v559) v558))
(assert (or (not v561) v560))
(assert (or (not v562) v561))
(assert (or (not v563) v562))
(assert (or (not v565) v564))
(assert (or (not v567) v566))
(assert (or (not v568) v567))
(assert (or (not v570) v569))
(assert (or (not v571) v570))
(assert (or (not v572) v571))
(assert (or (not v574) v573))
(assert (or (not v575) v574))
(assert (or (not v576) v575))
(assert (or (not v578) v577))
(assert (or (not v580) v579))
(assert (or (not v581) v580))
(assert (or (not v582) v581))
(assert (or (not v584) v583))
(assert (or (not v585) v584))
(assert (or (not v586) v585))
(assert (or (not v588) v587))
(assert (or (not v590) v589))
(assert (or (not v591) v590))
(assert (or (not v592) v591))
(assert (or (not v594) v593))
(assert (or (not v595) v594))
(assert (or (not v596) v595))
(assert (or (not v598) v597))
(assert (or (not v599) v598))
(assert (or (not v600) v599))
(assert (or (not v602) v601))
(assert (or (not v603) v602))
(assert (or (not v604) v603))
(assert (or (not v606) v605))
(assert (or (not v607) v606))
(assert (or (not v609) v608))
(assert (or (not v610) v609))
(assert (or (not v611) v610))
(assert (or (not v613) v612))
(assert (or (not v614) v613))
(assert (or (not v615) v614))
(assert (or (not v617) v616))
(assert (or (not v618) v617))
(assert (or (not v619) v618))
(assert (or (not v621) v620))
(assert (or (not v622) v621))
(assert (or (not v623) v622))
(assert (or (not v625) v624))
(assert (or (not v626) v625))
(assert (or (not v627) v626))
(assert (or (not v629) v628))
(assert (or (not v630) v629))
(assert (or (not v631) v630))
(assert (or (not v633) v632))
(assert (or (not v634) v633))
(assert (or (not v635) v634))
(assert (or (not v637) v636))
(assert (or (not v638) v637))
(assert (or (not v639) v638))
(assert (or (not v641) v640))
(assert (or (not v642) v641))
(assert (or (not v643) v642))
(assert (or (not v645) v644))
(assert (or (not v646) v645))
(assert (or (not v647) v646))
(assert (or (not v649) v648))
(assert (or (not v651) v650))
(assert (or (not v652) v651))
(assert (or (not v653) v652))
(assert (or (not v655) v654))
(assert (or (not v657) v656))
(assert (or (not v660) v659))
(assert (or (not v662) v661))
(assert (or (not v664) v663))
(assert (or (not v666) v665))
(assert (or (not v668) v667))
(assert (or (not v670) v669))
(assert (or (not v672) v671))
(assert (or (not v674) v673))
(assert (or (not v676) v675))
(assert (or (not v678) v677))
(assert (or (not v680) v679))
(assert (or (not v682) v681))
(assert (or (not v684) v683))
(assert (or (not v686) v685))
(assert (or (not v688) v687))
(assert (or (not v690) v689))
(assert (or (not v692) v691))
(assert (or (not v694) v693))
(assert (or (not v696) v695))
(assert (or (not v698) v697))
(assert (or (not v699) v698))
(assert (or (not v700) v699))
(assert (or (not v702) v701))
(assert (or (not v704) v703))
(assert (or (not v706) v705))
(assert (or (not v708) v707))
(assert (or (not v710) v709))
(assert (or (not v712) v711))
(assert (or (not v714) v713))
(assert (or (not v716) v715))
(assert (or (not v718) v717))
(assert (or (not v719) v718))
(assert (or (not v720) v719))
(assert (or (not v722) v721))
(assert (or (not v724) v723))
(assert (or (not v726) v725))
(assert (or (not v728) v727))
(assert (or (not v730) v729))
(assert (or (not v731) v730))
(assert (or (not v732) v731))
(assert (or (not v734) v733))
(assert (or (not v735) v734))
(assert (or (not v736) v735))
(assert (or (not v738) v737))
(assert (or (not v740) v739))
(assert (or (not v742) v741))
(assert (or (not v744) v743))
(assert (or (not v746) v745))
(assert (or (not v748) v747))
(assert (or (not v750) v749))
(assert (or (not v752) v751))
(assert (or (not v753) v752))
(assert (or (not v754) v753))
(assert (or (not v756) v755))
(assert (or (not v758) v757))
(assert (or (not v760) v759))
(assert (or (not v762) v761))
(assert (or (not v764) v763))
(assert (or (not v766) v765))
(assert (or (not v768) v767))
(assert (or (not v770) v769))
(assert (or (not v772) v771))
(assert (or (not v774) v773))
(assert (or (not v775) v774))
(assert (or (not v776) v775))
(assert (or (not v778) v777))
(assert (or (not v779) v778))
(assert (or (not v780) v779))
(assert (or (not v782) v781))
(assert (or (not v783) v782))
(assert (or (not v784) v783))
(assert (or (not v786) v785))
(assert (or (not v787) v786))
(assert (or (not v788) v787))
(assert (or (not v790) v789))
(assert (or (not v791) v790))
(assert (or (not v792) v791))
(assert (or (not v794) v793))
(assert (or (not v795) v794))
(assert (or (not v796) v795))
(assert (or (not v798) v797))
(assert (or (not v799) v798))
(assert (or (not v800) v799))
(assert (or (not v802) v801))
(assert (or (not v803) v802))
(assert (or (not v804) v803))
(assert (or (not v806) v805))
(assert (or (not v807) v806))
(assert (or (not v808) v807))
(assert (or (not v810) v809))
(assert (or (not v811) v810))
(assert (or (not v812) v811))
(assert (or (not v814) v813))
(assert (or (not v815) v814))
(assert (or (not v816) v815))
(assert (or (not v818) v817))
(assert (or (not v819) v818))
(assert (or (not v820) v819))
(assert (or (not v822) v821))
(assert (or (not v823) v822))
(assert (or (not v824) v823))
(assert (or (not v826) v825))
(assert (or (not v827) v826))
(assert (or (not v828) v827))
(assert (or (not v830) v829))
(assert (or (not v831) v830))
(assert (or (not v832) v831))
(assert (or (not v834) v833))
(assert (or (not v836) v835))
(assert (or (not v838) v837))
(assert (or (not v840) v839))
(assert (or (not v842) v841))
(assert (or (not v844) v843))
(assert (or (not v846) v845))
(assert (or (not v848) v847))
(assert (or (not v850) v849))
(assert (or (not v852) v851))
(assert (or (not v854) v853))
(assert (or (not v856) v855))
(assert (or (not v859) v858))
(assert (or (not v861) v860))
(assert (or (not v863) v862))
(assert (or (not v865) v864))
(assert (or (not v867) v866))
(assert (or (not v869) v868))
(assert (or (not v871) v870))
(assert (or (not v872) v871))
(assert (or (not v873) v872))
(assert (or (not v875) v874))
(assert (or (not v876) v875))
(assert (or (not v877) v876))
(assert (or (not v879) v878))
(assert (or (not v881) v880))
(assert (or (not v883) v882))
(assert (or (not v885) v884))
(assert (or (not v886) v885))
(assert (or (not v888) v887))
(assert (or (not v889) v888))
(assert (or (not v890) v889))
(assert (or (not v892) v891))
(assert (or (not v893) v892))
(assert (or (not v894) v893))
(assert (or (not v896) v895))
(assert (or (not v897) v896))
(assert (or (not v898) v897))
(assert (or (not v900) v899))
(assert (or (not v901) v900))
(assert (or (not v902) v901))
(assert (or (not v904) v903))
(assert (or (not v905) v904))
(assert (or (not v906) v905))
(assert (or (not v908) v907))
(assert (or (not v909) v908))
(assert (or (not v910) v909))
(assert (or (not v912) v911))
(assert (or (not v913) v912))
(assert (or (not v914) v913))
(assert (or (not v916) v915))
(assert (or (not v917) v916))
(assert (or (not v918) v917))
(assert (or (not v920) v919))
(assert (or (not v921) v920))
(assert (or (not v922) v921))
(assert (or (not v924) v923))
(assert (or (not v925) v924))
(assert (or (not v926) v925))
(assert (or (not v928) v927))
(assert (or (not v929) v928))
(assert (or (not v930) v929))
(assert (or (not v932) v931))
(assert (or (not v934) v933))
(assert (or (not v936) v935))
(assert (or (not v938) v937))
(assert (or (not v941) v940))
(assert (or (not v943) v942))
(assert (or (not v945) v944))
(assert (or (not v947) v946))
(assert (or (not v949) v948))
(assert (or (not v951) v950))
(assert (or (not v953) v952))
(assert (or (not v954) v953))
(assert (or (not v955) v954))
(assert (or (not v957) v956))
(assert (or (not v959) v958))
(assert (or (not v960) v959))
(assert (or (not v961) v960))
(assert (or (not v963) v962))
(assert (or (not v965) v964))
(assert (or (not v966) v965))
(assert (or (not v967) v966))
(assert (or (not v969) v968))
(assert (or (not v970) v969))
(assert (or (not v971) v970))
(assert (or (not v973) v972))
(assert (or (not v974) v973))
(assert (or (not v975) v974))
(assert (or (not v977) v976))
(assert (or (not v978) v977))
(assert (or (not v979) v978))
(assert (or (not v981) v980))
(assert (or (not v982) v981))
(assert (or (not v983) v982))
(assert (or (not v985) v984))
(assert (or (not v986) v985))
(assert (or (not v987) v986))
(assert (or (not v989) v988))
(assert (or (not v990) v989))
(assert (or (not v991) v990))
(assert (or (not v993) v992))
(assert (or (not v994) v993))
(assert (or (not v995) v994))
(assert (or (not v997) v996))
(assert (or (not v999) v998))
(assert (or (not v1001) v1000))
(assert (or (not v1003) v1002))
(assert (or (not v1005) v1004))
(assert (or (not v1007) v1006))
(assert (or (not v1009) v1008))
(assert (or (not v1011) v1010))
(assert (or (not v1013) v1012))
(assert (or (not v1015) v1014))
(assert (or (not v1017) v1016))
(assert (or (not v1019) v1018))
(assert (or (not v1021) v1020))
(assert (or (not v1023) v1022))
(check-sat)
(exit)
