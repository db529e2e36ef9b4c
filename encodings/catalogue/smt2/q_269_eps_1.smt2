; bnnverify 0.1.0 robustness instance (smt2)
; model_sha256 303df41152624160787320a09e7682e0293b68bb5272d9f12cacc9b2b9a65556
; property robustness
; index 269
; label 6
; eps 1
; targets 0 1 2 3 4 5 7 8 9
; encoding qf-lia
; fixed_neurons 479 of 500
; expected sat (violated)
; meaning: satisfiable iff some integer x with |x_i - x0_i| <= eps, clipped to [0, 255], has score_c(x) >= score_label(x) for a target c
; names: 'box i lo hi' bounds pixel i; 'in i k var': var <-> x_i >= lo_i + k; 'beats c var': var -> score_c >= score_label
; box 2 0 1
; in 2 1 2
; box 3 0 1
; in 3 1 3
; box 4 0 1
; in 4 1 4
; box 5 0 1
; in 5 1 5
; box 7 125 127
; in 7 1 300
; in 7 2 301
; box 8 163 165
; in 8 1 214
; in 8 2 215
; box 10 104 106
; in 10 1 6
; in 10 2 7
; box 11 0 1
; in 11 1 8
; box 13 0 1
; in 13 1 9
; box 14 0 1
; in 14 1 10
; box 15 0 1
; in 15 1 11
; box 16 0 1
; in 16 1 216
; box 17 0 1
; in 17 1 12
; box 19 195 197
; in 19 1 217
; in 19 2 218
; box 20 148 150
; in 20 1 13
; in 20 2 14
; box 21 99 101
; in 21 1 360
; in 21 2 361
; box 22 28 30
; in 22 1 15
; in 22 2 16
; box 23 0 1
; in 23 1 113
; box 24 0 1
; in 24 1 114
; box 27 0 1
; in 27 1 439
; box 30 0 1
; in 30 1 17
; box 31 0 1
; in 31 1 115
; box 32 0 1
; in 32 1 18
; box 33 0 1
; in 33 1 302
; box 34 197 199
; in 34 1 19
; in 34 2 20
; box 37 207 209
; in 37 1 21
; in 37 2 22
; box 38 232 234
; in 38 1 116
; in 38 2 117
; box 41 133 135
; in 41 1 219
; in 41 2 220
; box 42 116 118
; in 42 1 221
; in 42 2 222
; box 45 209 211
; in 45 1 118
; in 45 2 119
; box 46 227 229
; in 46 1 23
; in 46 2 24
; box 47 203 205
; in 47 1 25
; in 47 2 26
; box 48 200 202
; in 48 1 27
; in 48 2 28
; box 53 0 1
; in 53 1 120
; box 54 0 1
; in 54 1 440
; box 55 0 1
; in 55 1 441
; box 58 0 1
; in 58 1 29
; box 59 0 1
; in 59 1 30
; box 60 0 1
; in 60 1 31
; box 61 0 1
; in 61 1 442
; box 63 212 214
; in 63 1 223
; in 63 2 224
; box 65 205 207
; in 65 1 32
; in 65 2 33
; box 68 225 227
; in 68 1 362
; in 68 2 363
; box 73 220 222
; in 73 1 364
; in 73 2 365
; box 78 48 50
; in 78 1 366
; in 78 2 367
; box 80 0 1
; in 80 1 443
; box 82 0 1
; in 82 1 303
; box 83 0 1
; in 83 1 121
; box 86 0 1
; in 86 1 225
; box 87 0 1
; in 87 1 34
; box 88 0 1
; in 88 1 226
; box 89 0 1
; in 89 1 227
; box 91 205 207
; in 91 1 368
; in 91 2 369
; box 92 197 199
; in 92 1 370
; in 92 2 371
; box 93 202 204
; in 93 1 372
; in 93 2 373
; box 96 222 224
; in 96 1 35
; in 96 2 36
; box 104 196 198
; in 104 1 37
; in 104 2 38
; box 109 0 1
; in 109 1 374
; box 110 0 1
; in 110 1 122
; box 112 0 1
; in 112 1 444
; box 113 0 1
; in 113 1 39
; box 114 0 1
; in 114 1 40
; box 115 0 1
; in 115 1 375
; box 116 0 1
; in 116 1 228
; box 118 10 12
; in 118 1 41
; in 118 2 42
; box 119 201 203
; in 119 1 43
; in 119 2 44
; box 121 195 197
; in 121 1 376
; in 121 2 377
; box 124 232 234
; in 124 1 229
; in 124 2 230
; box 126 0 1
; in 126 1 231
; box 129 211 213
; in 129 1 45
; in 129 2 46
; box 130 205 207
; in 130 1 378
; in 130 2 379
; box 132 193 195
; in 132 1 47
; in 132 2 48
; box 133 193 195
; in 133 1 49
; in 133 2 50
; box 140 0 1
; in 140 1 380
; box 141 0 1
; in 141 1 51
; box 142 0 1
; in 142 1 52
; box 143 0 1
; in 143 1 232
; box 145 0 1
; in 145 1 381
; box 146 0 1
; in 146 1 233
; box 147 198 200
; in 147 1 53
; in 147 2 54
; box 148 204 206
; in 148 1 304
; in 148 2 305
; box 154 0 1
; in 154 1 55
; box 162 0 1
; in 162 1 382
; box 163 0 1
; in 163 1 306
; box 166 0 1
; in 166 1 307
; box 167 0 1
; in 167 1 123
; box 168 0 1
; in 168 1 383
; box 170 0 1
; in 170 1 56
; box 171 0 1
; in 171 1 445
; box 174 0 1
; in 174 1 57
; box 175 179 181
; in 175 1 234
; in 175 2 235
; box 179 211 213
; in 179 1 236
; in 179 2 237
; box 181 28 30
; in 181 1 58
; in 181 2 59
; box 186 191 193
; in 186 1 384
; in 186 2 385
; box 191 0 1
; in 191 1 308
; box 194 0 1
; in 194 1 238
; box 195 0 1
; in 195 1 239
; box 196 0 1
; in 196 1 446
; box 197 0 1
; in 197 1 309
; box 198 0 1
; in 198 1 60
; box 199 0 1
; in 199 1 310
; box 202 0 1
; in 202 1 240
; box 213 196 198
; in 213 1 386
; in 213 2 387
; box 215 185 187
; in 215 1 388
; in 215 2 389
; box 216 214 216
; in 216 1 241
; in 216 2 242
; box 217 170 172
; in 217 1 61
; in 217 2 62
; box 221 0 1
; in 221 1 447
; box 223 0 1
; in 223 1 390
; box 224 0 1
; in 224 1 124
; box 225 0 1
; in 225 1 448
; box 226 0 1
; in 226 1 311
; box 227 0 1
; in 227 1 312
; box 230 0 1
; in 230 1 125
; box 232 216 218
; in 232 1 63
; in 232 2 64
; box 238 0 1
; in 238 1 243
; box 245 149 151
; in 245 1 126
; in 245 2 127
; box 247 0 1
; in 247 1 449
; box 252 0 1
; in 252 1 65
; box 254 0 1
; in 254 1 66
; box 256 0 1
; in 256 1 313
; box 258 0 1
; in 258 1 128
; box 260 212 214
; in 260 1 67
; in 260 2 68
; box 261 192 194
; in 261 1 69
; in 261 2 70
; box 262 203 205
; in 262 1 71
; in 262 2 72
; box 265 0 1
; in 265 1 129
; box 266 0 1
; in 266 1 244
; box 268 224 226
; in 268 1 314
; in 268 2 315
; box 273 148 150
; in 273 1 130
; in 273 2 131
; box 277 0 1
; in 277 1 450
; box 280 0 1
; in 280 1 132
; box 282 0 1
; in 282 1 73
; box 284 0 1
; in 284 1 316
; box 286 0 1
; in 286 1 133
; box 287 175 177
; in 287 1 74
; in 287 2 75
; box 288 213 215
; in 288 1 76
; in 288 2 77
; box 289 195 197
; in 289 1 78
; in 289 2 79
; box 294 0 1
; in 294 1 317
; box 301 168 170
; in 301 1 134
; in 301 2 135
; box 305 0 1
; in 305 1 451
; box 306 0 1
; in 306 1 452
; box 307 0 1
; in 307 1 391
; box 308 0 1
; in 308 1 80
; box 309 0 1
; in 309 1 318
; box 310 0 1
; in 310 1 81
; box 312 0 1
; in 312 1 392
; box 316 218 220
; in 316 1 82
; in 316 2 83
; box 318 205 207
; in 318 1 84
; in 318 2 85
; box 329 170 172
; in 329 1 136
; in 329 2 137
; box 333 0 1
; in 333 1 86
; box 334 0 1
; in 334 1 393
; box 336 0 1
; in 336 1 87
; box 337 0 1
; in 337 1 245
; box 338 0 1
; in 338 1 319
; box 339 0 1
; in 339 1 246
; box 340 0 1
; in 340 1 247
; box 346 221 223
; in 346 1 138
; in 346 2 139
; box 348 205 207
; in 348 1 248
; in 348 2 249
; box 350 46 48
; in 350 1 250
; in 350 2 251
; box 352 206 208
; in 352 1 140
; in 352 2 141
; box 353 221 223
; in 353 1 142
; in 353 2 143
; box 354 226 228
; in 354 1 144
; in 354 2 145
; box 355 209 211
; in 355 1 88
; in 355 2 89
; box 357 205 207
; in 357 1 146
; in 357 2 147
; box 358 0 1
; in 358 1 148
; box 361 0 1
; in 361 1 453
; box 364 0 1
; in 364 1 320
; box 365 0 1
; in 365 1 321
; box 367 0 1
; in 367 1 90
; box 370 0 1
; in 370 1 454
; box 372 236 238
; in 372 1 394
; in 372 2 395
; box 373 221 223
; in 373 1 252
; in 373 2 253
; box 375 173 175
; in 375 1 149
; in 375 2 150
; box 378 207 209
; in 378 1 151
; in 378 2 152
; box 379 157 159
; in 379 1 153
; in 379 2 154
; box 380 167 169
; in 380 1 155
; in 380 2 156
; box 385 174 176
; in 385 1 157
; in 385 2 158
; box 390 0 1
; in 390 1 254
; box 391 0 1
; in 391 1 159
; box 392 0 1
; in 392 1 160
; box 393 0 1
; in 393 1 322
; box 394 0 1
; in 394 1 161
; box 396 0 1
; in 396 1 255
; box 397 4 6
; in 397 1 256
; in 397 2 257
; box 398 0 1
; in 398 1 455
; box 400 195 197
; in 400 1 396
; in 400 2 397
; box 403 161 163
; in 403 1 162
; in 403 2 163
; box 405 180 182
; in 405 1 164
; in 405 2 165
; box 407 164 166
; in 407 1 456
; in 407 2 457
; box 409 173 175
; in 409 1 166
; in 409 2 167
; box 413 96 98
; in 413 1 323
; in 413 2 324
; box 414 0 1
; in 414 1 91
; box 415 5 7
; in 415 1 398
; in 415 2 399
; box 417 0 1
; in 417 1 258
; box 419 0 1
; in 419 1 168
; box 420 0 1
; in 420 1 458
; box 421 0 1
; in 421 1 459
; box 422 0 1
; in 422 1 259
; box 423 0 1
; in 423 1 169
; box 424 0 1
; in 424 1 460
; box 425 1 3
; in 425 1 260
; in 425 2 261
; box 428 191 193
; in 428 1 400
; in 428 2 401
; box 431 236 238
; in 431 1 170
; in 431 2 171
; box 435 203 205
; in 435 1 262
; in 435 2 263
; box 438 227 229
; in 438 1 92
; in 438 2 93
; box 445 0 1
; in 445 1 172
; box 447 0 1
; in 447 1 402
; box 449 0 1
; in 449 1 94
; box 450 0 1
; in 450 1 264
; box 452 0 1
; in 452 1 265
; box 453 1 3
; in 453 1 266
; in 453 2 267
; box 454 0 1
; in 454 1 268
; box 455 0 1
; in 455 1 269
; box 461 148 150
; in 461 1 270
; in 461 2 271
; box 462 169 171
; in 462 1 325
; in 462 2 326
; box 463 212 214
; in 463 1 403
; in 463 2 404
; box 470 0 1
; in 470 1 173
; box 471 0 2
; in 471 1 174
; in 471 2 175
; box 478 0 1
; in 478 1 272
; box 480 0 1
; in 480 1 95
; box 483 69 71
; in 483 1 176
; in 483 2 177
; box 488 224 226
; in 488 1 405
; in 488 2 406
; box 489 163 165
; in 489 1 327
; in 489 2 328
; box 491 213 215
; in 491 1 407
; in 491 2 408
; box 496 223 225
; in 496 1 329
; in 496 2 330
; box 499 0 1
; in 499 1 273
; box 506 0 1
; in 506 1 274
; box 511 151 153
; in 511 1 178
; in 511 2 179
; box 512 237 239
; in 512 1 275
; in 512 2 276
; box 514 197 199
; in 514 1 409
; in 514 2 410
; box 517 183 185
; in 517 1 461
; in 517 2 462
; box 518 154 156
; in 518 1 463
; in 518 2 464
; box 523 216 218
; in 523 1 180
; in 523 2 181
; box 537 0 1
; in 537 1 277
; box 538 0 1
; in 538 1 182
; box 541 227 229
; in 541 1 183
; in 541 2 184
; box 543 221 223
; in 543 1 465
; in 543 2 466
; box 544 234 236
; in 544 1 411
; in 544 2 412
; box 545 174 176
; in 545 1 467
; in 545 2 468
; box 548 220 222
; in 548 1 469
; in 548 2 470
; box 552 213 215
; in 552 1 185
; in 552 2 186
; box 555 0 1
; in 555 1 187
; box 557 0 1
; in 557 1 278
; box 559 0 1
; in 559 1 188
; box 560 0 1
; in 560 1 279
; box 562 0 1
; in 562 1 189
; box 569 239 241
; in 569 1 190
; in 569 2 191
; box 574 139 141
; in 574 1 471
; in 574 2 472
; box 575 252 254
; in 575 1 473
; in 575 2 474
; box 577 219 221
; in 577 1 192
; in 577 2 193
; box 578 234 236
; in 578 1 280
; in 578 2 281
; box 582 99 101
; in 582 1 413
; in 582 2 414
; box 587 0 1
; in 587 1 282
; box 590 0 1
; in 590 1 283
; box 591 0 1
; in 591 1 284
; box 595 233 235
; in 595 1 285
; in 595 2 286
; box 601 203 205
; in 601 1 415
; in 601 2 416
; box 602 186 188
; in 602 1 331
; in 602 2 332
; box 611 0 1
; in 611 1 417
; box 613 0 1
; in 613 1 333
; box 614 0 1
; in 614 1 334
; box 616 0 1
; in 616 1 194
; box 620 0 1
; in 620 1 195
; box 623 224 226
; in 623 1 96
; in 623 2 97
; box 625 240 242
; in 625 1 98
; in 625 2 99
; box 626 219 221
; in 626 1 475
; in 626 2 476
; box 627 195 197
; in 627 1 477
; in 627 2 478
; box 630 145 147
; in 630 1 335
; in 630 2 336
; box 643 0 1
; in 643 1 196
; box 652 226 228
; in 652 1 197
; in 652 2 198
; box 653 243 245
; in 653 1 100
; in 653 2 101
; box 669 0 1
; in 669 1 287
; box 671 0 1
; in 671 1 102
; box 672 0 1
; in 672 1 199
; box 673 0 1
; in 673 1 479
; box 675 0 1
; in 675 1 200
; box 676 0 1
; in 676 1 201
; box 679 213 215
; in 679 1 288
; in 679 2 289
; box 680 226 228
; in 680 1 337
; in 680 2 338
; box 682 212 214
; in 682 1 480
; in 682 2 481
; box 683 210 212
; in 683 1 418
; in 683 2 419
; box 686 163 165
; in 686 1 482
; in 686 2 483
; box 689 192 194
; in 689 1 103
; in 689 2 104
; box 699 0 1
; in 699 1 202
; box 700 0 1
; in 700 1 105
; box 701 0 1
; in 701 1 203
; box 702 0 1
; in 702 1 339
; box 703 0 1
; in 703 1 204
; box 704 0 1
; in 704 1 484
; box 705 0 1
; in 705 1 485
; box 706 127 129
; in 706 1 290
; in 706 2 291
; box 707 214 216
; in 707 1 340
; in 707 2 341
; box 710 204 206
; in 710 1 420
; in 710 2 421
; box 712 234 236
; in 712 1 486
; in 712 2 487
; box 713 194 196
; in 713 1 422
; in 713 2 423
; box 714 139 141
; in 714 1 488
; in 714 2 489
; box 715 222 224
; in 715 1 424
; in 715 2 425
; box 717 206 208
; in 717 1 426
; in 717 2 427
; box 722 168 170
; in 722 1 292
; in 722 2 293
; box 726 0 1
; in 726 1 342
; box 727 0 1
; in 727 1 205
; box 728 0 1
; in 728 1 428
; box 729 0 1
; in 729 1 206
; box 730 0 1
; in 730 1 207
; box 731 0 1
; in 731 1 106
; box 735 0 1
; in 735 1 343
; box 739 227 229
; in 739 1 208
; in 739 2 209
; box 740 224 226
; in 740 1 344
; in 740 2 345
; box 742 175 177
; in 742 1 294
; in 742 2 295
; box 743 225 227
; in 743 1 107
; in 743 2 108
; box 744 232 234
; in 744 1 429
; in 744 2 430
; box 747 192 194
; in 747 1 346
; in 747 2 347
; box 749 0 1
; in 749 1 431
; box 750 0 1
; in 750 1 432
; box 752 0 1
; in 752 1 210
; box 753 0 1
; in 753 1 296
; box 755 0 1
; in 755 1 109
; box 756 0 1
; in 756 1 110
; box 758 0 1
; in 758 1 211
; box 759 0 1
; in 759 1 212
; box 762 0 1
; in 762 1 111
; box 763 0 1
; in 763 1 348
; box 764 0 1
; in 764 1 349
; box 765 27 29
; in 765 1 350
; in 765 2 351
; box 766 48 50
; in 766 1 433
; in 766 2 434
; box 767 104 106
; in 767 1 352
; in 767 2 353
; box 768 110 112
; in 768 1 297
; in 768 2 298
; box 769 88 90
; in 769 1 490
; in 769 2 491
; box 770 105 107
; in 770 1 492
; in 770 2 493
; box 772 195 197
; in 772 1 354
; in 772 2 355
; box 777 0 1
; in 777 1 435
; box 778 2 4
; in 778 1 356
; in 778 2 357
; box 779 4 6
; in 779 1 436
; in 779 2 437
; box 780 0 1
; in 780 1 358
; box 782 0 1
; in 782 1 494
; beats 0 510
; beats 1 511
; beats 2 512
; beats 3 513
; beats 4 514
; beats 5 515
; beats 7 516
; beats 8 517
; beats 9 518
(set-logic QF_LIA)
(set-info :status sat)
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
(assert (= v1 (>= (+ (ite v2 1 0) (ite v3 1 0) (ite v4 1 0) (ite v5 1 0) (ite v6 0 1) (ite v7 0 1) (ite v8 0 1) (ite v9 1 0) (ite v10 1 0) (ite v11 1 0) (ite v12 0 1) (ite v13 1 0) (ite v14 1 0) (ite v15 1 0) (ite v16 1 0) (ite v17 1 0) (ite v18 1 0) (ite v19 1 0) (ite v20 1 0) (ite v21 0 1) (ite v22 0 1) (ite v23 0 1) (ite v24 0 1) (ite v25 0 1) (ite v26 0 1) (ite v27 1 0) (ite v28 1 0) (ite v29 1 0) (ite v30 1 0) (ite v31 1 0) (ite v32 0 1) (ite v33 0 1) (ite v34 1 0) (ite v35 1 0) (ite v36 1 0) (ite v37 0 1) (ite v38 0 1) (ite v39 1 0) (ite v40 1 0) (ite v41 0 1) (ite v42 0 1) (ite v43 0 1) (ite v44 0 1) (ite v45 0 1) (ite v46 0 1) (ite v47 0 1) (ite v48 0 1) (ite v49 0 1) (ite v50 0 1) (ite v51 1 0) (ite v52 1 0) (ite v53 0 1) (ite v54 0 1) (ite v55 1 0) (ite v56 1 0) (ite v57 0 1) (ite v58 1 0) (ite v59 1 0) (ite v60 1 0) (ite v61 0 1) (ite v62 0 1) (ite v63 1 0) (ite v64 1 0) (ite v65 1 0) (ite v66 1 0) (ite v67 1 0) (ite v68 1 0) (ite v69 1 0) (ite v70 1 0) (ite v71 1 0) (ite v72 1 0) (ite v73 1 0) (ite v74 1 0) (ite v75 1 0) (ite v76 1 0) (ite v77 1 0) (ite v78 1 0) (ite v79 1 0) (ite v80 1 0) (ite v81 1 0) (ite v82 1 0) (ite v83 1 0) (ite v84 0 1) (ite v85 0 1) (ite v86 0 1) (ite v87 1 0) (ite v88 1 0) (ite v89 1 0) (ite v90 0 1) (ite v91 0 1) (ite v92 0 1) (ite v93 0 1) (ite v94 0 1) (ite v95 1 0) (ite v96 1 0) (ite v97 1 0) (ite v98 0 1) (ite v99 0 1) (ite v100 0 1) (ite v101 0 1) (ite v102 1 0) (ite v103 1 0) (ite v104 1 0) (ite v105 1 0) (ite v106 1 0) (ite v107 1 0) (ite v108 1 0) (ite v109 1 0) (ite v110 0 1) (ite v111 1 0)) 41)))
(assert (= v112 (>= (+ (ite v4 0 1) (ite v12 1 0) (ite v15 1 0) (ite v16 1 0) (ite v113 0 1) (ite v114 0 1) (ite v115 0 1) (ite v21 1 0) (ite v22 1 0) (ite v116 1 0) (ite v117 1 0) (ite v118 1 0) (ite v119 1 0) (ite v120 0 1) (ite v121 1 0) (ite v122 1 0) (ite v40 1 0) (ite v123 1 0) (ite v124 1 0) (ite v125 1 0) (ite v126 1 0) (ite v127 1 0) (ite v128 1 0) (ite v129 0 1) (ite v130 1 0) (ite v131 1 0) (ite v132 1 0) (ite v133 1 0) (ite v134 1 0) (ite v135 1 0) (ite v80 1 0) (ite v136 1 0) (ite v137 1 0) (ite v87 1 0) (ite v138 1 0) (ite v139 1 0) (ite v140 1 0) (ite v141 1 0) (ite v142 1 0) (ite v143 1 0) (ite v144 1 0) (ite v145 1 0) (ite v146 1 0) (ite v147 1 0) (ite v148 1 0) (ite v149 1 0) (ite v150 1 0) (ite v151 1 0) (ite v152 1 0) (ite v153 1 0) (ite v154 1 0) (ite v155 1 0) (ite v156 1 0) (ite v157 1 0) (ite v158 1 0) (ite v159 1 0) (ite v160 0 1) (ite v161 0 1) (ite v162 1 0) (ite v163 1 0) (ite v164 1 0) (ite v165 1 0) (ite v166 1 0) (ite v167 1 0) (ite v168 1 0) (ite v169 1 0) (ite v170 1 0) (ite v171 1 0) (ite v172 1 0) (ite v173 1 0) (ite v174 1 0) (ite v175 1 0) (ite v176 0 1) (ite v177 0 1) (ite v178 0 1) (ite v179 0 1) (ite v180 0 1) (ite v181 0 1) (ite v182 0 1) (ite v183 0 1) (ite v184 0 1) (ite v185 1 0) (ite v186 1 0) (ite v187 1 0) (ite v188 1 0) (ite v189 1 0) (ite v190 0 1) (ite v191 0 1) (ite v192 1 0) (ite v193 1 0) (ite v194 1 0) (ite v195 1 0) (ite v196 1 0) (ite v197 0 1) (ite v198 0 1) (ite v102 1 0) (ite v199 1 0) (ite v200 1 0) (ite v201 1 0) (ite v202 1 0) (ite v203 1 0) (ite v204 1 0) (ite v205 1 0) (ite v206 1 0) (ite v207 1 0) (ite v208 0 1) (ite v209 0 1) (ite v210 1 0) (ite v109 1 0) (ite v211 1 0) (ite v212 1 0)) 87)))
(assert (= v213 (>= (+ (ite v3 1 0) (ite v4 1 0) (ite v5 1 0) (ite v214 1 0) (ite v215 1 0) (ite v216 0 1) (ite v217 1 0) (ite v218 1 0) (ite v114 1 0) (ite v21 0 1) (ite v22 0 1) (ite v219 0 1) (ite v220 0 1) (ite v221 0 1) (ite v222 0 1) (ite v29 1 0) (ite v30 1 0) (ite v223 0 1) (ite v224 0 1) (ite v225 1 0) (ite v226 0 1) (ite v227 0 1) (ite v40 1 0) (ite v228 0 1) (ite v229 1 0) (ite v230 1 0) (ite v231 1 0) (ite v232 0 1) (ite v233 0 1) (ite v123 0 1) (ite v234 0 1) (ite v235 0 1) (ite v236 1 0) (ite v237 1 0) (ite v238 0 1) (ite v239 0 1) (ite v240 0 1) (ite v241 0 1) (ite v242 0 1) (ite v125 0 1) (ite v243 1 0) (ite v128 0 1) (ite v71 1 0) (ite v72 1 0) (ite v244 1 0) (ite v78 1 0) (ite v79 1 0) (ite v245 1 0) (ite v246 1 0) (ite v247 1 0) (ite v248 0 1) (ite v249 0 1) (ite v250 0 1) (ite v251 0 1) (ite v146 0 1) (ite v147 0 1) (ite v252 1 0) (ite v253 1 0) (ite v254 0 1) (ite v160 1 0) (ite v255 1 0) (ite v256 1 0) (ite v257 1 0) (ite v258 0 1) (ite v259 0 1) (ite v169 0 1) (ite v260 1 0) (ite v261 1 0) (ite v262 0 1) (ite v263 0 1) (ite v264 0 1) (ite v265 1 0) (ite v266 1 0) (ite v267 1 0) (ite v268 1 0) (ite v269 1 0) (ite v270 0 1) (ite v271 0 1) (ite v272 0 1) (ite v273 1 0) (ite v274 0 1) (ite v275 1 0) (ite v276 1 0) (ite v277 1 0) (ite v278 1 0) (ite v188 0 1) (ite v279 0 1) (ite v280 0 1) (ite v281 0 1) (ite v282 0 1) (ite v283 0 1) (ite v284 0 1) (ite v285 1 0) (ite v286 1 0) (ite v96 1 0) (ite v97 1 0) (ite v287 1 0) (ite v288 1 0) (ite v289 1 0) (ite v105 1 0) (ite v290 0 1) (ite v291 0 1) (ite v292 0 1) (ite v293 0 1) (ite v207 1 0) (ite v106 1 0) (ite v294 0 1) (ite v295 0 1) (ite v296 1 0) (ite v110 1 0) (ite v297 1 0) (ite v298 1 0)) 108)))
(assert (= v299 (>= (+ (ite v3 1 0) (ite v300 1 0) (ite v301 1 0) (ite v217 1 0) (ite v218 1 0) (ite v13 1 0) (ite v14 1 0) (ite v302 1 0) (ite v30 1 0) (ite v223 0 1) (ite v224 0 1) (ite v303 0 1) (ite v225 1 0) (ite v122 0 1) (ite v53 0 1) (ite v54 0 1) (ite v304 0 1) (ite v305 0 1) (ite v306 1 0) (ite v307 0 1) (ite v308 1 0) (ite v309 1 0) (ite v310 1 0) (ite v124 1 0) (ite v311 1 0) (ite v312 1 0) (ite v313 1 0) (ite v314 0 1) (ite v315 0 1) (ite v132 1 0) (ite v73 1 0) (ite v316 1 0) (ite v317 0 1) (ite v318 1 0) (ite v81 1 0) (ite v87 1 0) (ite v245 1 0) (ite v319 1 0) (ite v320 1 0) (ite v321 1 0) (ite v322 1 0) (ite v323 0 1) (ite v324 0 1) (ite v260 1 0) (ite v261 1 0) (ite v270 0 1) (ite v271 0 1) (ite v325 0 1) (ite v326 0 1) (ite v327 0 1) (ite v328 0 1) (ite v329 0 1) (ite v330 0 1) (ite v277 1 0) (ite v182 1 0) (ite v331 0 1) (ite v332 0 1) (ite v333 1 0) (ite v334 1 0) (ite v335 0 1) (ite v336 0 1) (ite v102 1 0) (ite v337 1 0) (ite v338 1 0) (ite v339 1 0) (ite v340 1 0) (ite v341 1 0) (ite v342 1 0) (ite v207 1 0) (ite v343 1 0) (ite v344 1 0) (ite v345 1 0) (ite v346 1 0) (ite v347 1 0) (ite v210 0 1) (ite v110 0 1) (ite v212 0 1) (ite v348 1 0) (ite v349 1 0) (ite v350 1 0) (ite v351 1 0) (ite v352 1 0) (ite v353 1 0) (ite v297 1 0) (ite v298 1 0) (ite v354 1 0) (ite v355 1 0) (ite v356 0 1) (ite v357 0 1) (ite v358 0 1)) 10)))
(assert (= v359 (>= (+ (ite v2 1 0) (ite v9 0 1) (ite v10 0 1) (ite v216 0 1) (ite v360 0 1) (ite v361 0 1) (ite v118 0 1) (ite v119 0 1) (ite v23 0 1) (ite v24 0 1) (ite v362 1 0) (ite v363 1 0) (ite v364 1 0) (ite v365 1 0) (ite v366 1 0) (ite v367 1 0) (ite v121 0 1) (ite v368 1 0) (ite v369 1 0) (ite v370 1 0) (ite v371 1 0) (ite v372 1 0) (ite v373 1 0) (ite v374 0 1) (ite v375 0 1) (ite v43 1 0) (ite v44 1 0) (ite v376 1 0) (ite v377 1 0) (ite v378 1 0) (ite v379 1 0) (ite v380 0 1) (ite v381 1 0) (ite v233 1 0) (ite v304 1 0) (ite v305 1 0) (ite v382 1 0) (ite v383 0 1) (ite v56 0 1) (ite v384 1 0) (ite v385 1 0) (ite v386 1 0) (ite v387 1 0) (ite v388 1 0) (ite v389 1 0) (ite v390 0 1) (ite v124 0 1) (ite v132 0 1) (ite v391 1 0) (ite v80 0 1) (ite v392 1 0) (ite v393 1 0) (ite v87 0 1) (ite v245 0 1) (ite v142 0 1) (ite v143 0 1) (ite v90 1 0) (ite v394 1 0) (ite v395 1 0) (ite v149 0 1) (ite v150 0 1) (ite v153 0 1) (ite v154 0 1) (ite v396 1 0) (ite v397 1 0) (ite v166 0 1) (ite v167 0 1) (ite v398 1 0) (ite v399 1 0) (ite v168 0 1) (ite v400 1 0) (ite v401 1 0) (ite v402 0 1) (ite v264 0 1) (ite v403 0 1) (ite v404 0 1) (ite v405 0 1) (ite v406 0 1) (ite v407 0 1) (ite v408 0 1) (ite v409 0 1) (ite v410 0 1) (ite v411 0 1) (ite v412 0 1) (ite v413 0 1) (ite v414 0 1) (ite v415 0 1) (ite v416 0 1) (ite v417 0 1) (ite v194 0 1) (ite v418 0 1) (ite v419 0 1) (ite v420 0 1) (ite v421 0 1) (ite v422 0 1) (ite v423 0 1) (ite v424 0 1) (ite v425 0 1) (ite v426 0 1) (ite v427 0 1) (ite v428 1 0) (ite v429 0 1) (ite v430 0 1) (ite v431 1 0) (ite v432 1 0) (ite v109 0 1) (ite v110 1 0) (ite v350 0 1) (ite v351 0 1) (ite v433 0 1) (ite v434 0 1) (ite v435 1 0) (ite v356 1 0) (ite v357 1 0) (ite v436 1 0) (ite v437 1 0)) 44)))
(assert (= v438 (>= (+ (ite v2 1 0) (ite v300 0 1) (ite v301 0 1) (ite v360 0 1) (ite v361 0 1) (ite v15 0 1) (ite v16 0 1) (ite v439 1 0) (ite v17 1 0) (ite v18 1 0) (ite v440 0 1) (ite v441 1 0) (ite v31 1 0) (ite v442 1 0) (ite v443 1 0) (ite v444 0 1) (ite v232 1 0) (ite v56 1 0) (ite v445 1 0) (ite v239 0 1) (ite v446 0 1) (ite v309 1 0) (ite v60 1 0) (ite v447 0 1) (ite v124 0 1) (ite v448 1 0) (ite v311 1 0) (ite v449 0 1) (ite v450 0 1) (ite v73 1 0) (ite v451 0 1) (ite v452 0 1) (ite v81 1 0) (ite v86 0 1) (ite v148 0 1) (ite v453 0 1) (ite v454 1 0) (ite v153 0 1) (ite v154 0 1) (ite v160 0 1) (ite v455 1 0) (ite v456 0 1) (ite v457 0 1) (ite v458 0 1) (ite v459 0 1) (ite v460 0 1) (ite v402 0 1) (ite v270 1 0) (ite v271 1 0) (ite v327 1 0) (ite v328 1 0) (ite v407 0 1) (ite v408 0 1) (ite v461 1 0) (ite v462 1 0) (ite v463 1 0) (ite v464 1 0) (ite v465 0 1) (ite v466 0 1) (ite v411 0 1) (ite v412 0 1) (ite v467 1 0) (ite v468 1 0) (ite v469 0 1) (ite v470 0 1) (ite v471 1 0) (ite v472 1 0) (ite v473 0 1) (ite v474 0 1) (ite v415 1 0) (ite v416 1 0) (ite v331 1 0) (ite v332 1 0) (ite v194 0 1) (ite v475 0 1) (ite v476 0 1) (ite v477 0 1) (ite v478 0 1) (ite v335 1 0) (ite v336 1 0) (ite v479 0 1) (ite v480 0 1) (ite v481 0 1) (ite v418 0 1) (ite v419 0 1) (ite v482 1 0) (ite v483 1 0) (ite v105 1 0) (ite v484 0 1) (ite v485 0 1) (ite v486 0 1) (ite v487 0 1) (ite v422 1 0) (ite v423 1 0) (ite v488 1 0) (ite v489 1 0) (ite v343 0 1) (ite v296 1 0) (ite v352 0 1) (ite v353 0 1) (ite v297 0 1) (ite v298 0 1) (ite v490 1 0) (ite v491 1 0) (ite v492 1 0) (ite v493 1 0) (ite v436 0 1) (ite v437 0 1) (ite v494 0 1)) 71)))
(assert (= v495 (>= (ite v438 0 1) 1)))
(assert (= v496 (>= (ite v359 0 1) 1)))
(assert (= v497 (>= (ite v213 0 1) 1)))
(assert (= v498 (>= (+ (ite v496 0 1) (ite v497 1 0)) 1)))
(assert (= v499 (>= (ite v497 0 1) 1)))
(assert (= v500 (>= (ite v496 1 0) 1)))
(assert (= v501 (>= (ite v497 1 0) 1)))
(assert (= v502 (>= (ite v496 1 0) 1)))
(assert (= v503 (>= (ite v495 0 1) 1)))
(assert (= v504 (>= (ite v502 1 0) 1)))
(assert (= v505 (>= (+ (ite v500 0 1) (ite v502 0 1)) 1)))
(assert (= v506 (>= (+ (ite v498 0 1) (ite v499 0 1) (ite v502 1 0) (ite v503 0 1)) 3)))
(assert (= v507 (>= (ite v502 1 0) 1)))
(assert (= v508 (>= (+ (ite v501 1 0) (ite v502 1 0) (ite v503 0 1)) 3)))
(assert (= v509 (>= (ite v502 0 1) 1)))
(assert (=> v510 (>= (+ (ite v505 0 1) (ite v507 1 0)) 2)))
(assert (not v511))
(assert (not v512))
(assert (not v513))
(assert (not v514))
(assert (not v515))
(assert (not v516))
(assert (not v517))
(assert (not v518))
(assert (or v510 v511 v512 v513 v514 v515 v516 v517 v518))
(assert (or (not v7) v6))
(assert (or (not v14) v13))
(assert (or (not v16) v15))
(assert (or (not v20) v19))
(assert (or (not v22) v21))
(assert (or (not v24) v23))
(assert (or (not v26) v25))
(assert (or (not v28) v27))
(assert (or (not v33) v32))
(assert (or (not v36) v35))
(assert (or (not v38) v37))
(assert (or (not v42) v41))
(assert (or (not v44) v43))
(assert (or (not v46) v45))
(assert (or (not v48) v47))
(assert (or (not v50) v49))
(assert (or (not v54) v53))
(assert (or (not v59) v58))
(assert (or (not v62) v61))
(assert (or (not v64) v63))
(assert (or (not v68) v67))
(assert (or (not v70) v69))
(assert (or (not v72) v71))
(assert (or (not v75) v74))
(assert (or (not v77) v76))
(assert (or (not v79) v78))
(assert (or (not v83) v82))
(assert (or (not v85) v84))
(assert (or (not v89) v88))
(assert (or (not v93) v92))
(assert (or (not v97) v96))
(assert (or (not v99) v98))
(assert (or (not v101) v100))
(assert (or (not v104) v103))
(assert (or (not v108) v107))
(assert (or (not v117) v116))
(assert (or (not v119) v118))
(assert (or (not v127) v126))
(assert (or (not v131) v130))
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
(assert (or (not v163) v162))
(assert (or (not v165) v164))
(assert (or (not v167) v166))
(assert (or (not v171) v170))
(assert (or (not v175) v174))
(assert (or (not v177) v176))
(assert (or (not v179) v178))
(assert (or (not v181) v180))
(assert (or (not v184) v183))
(assert (or (not v186) v185))
(assert (or (not v191) v190))
(assert (or (not v193) v192))
(assert (or (not v198) v197))
(assert (or (not v209) v208))
(assert (or (not v215) v214))
(assert (or (not v218) v217))
(assert (or (not v220) v219))
(assert (or (not v222) v221))
(assert (or (not v224) v223))
(assert (or (not v230) v229))
(assert (or (not v235) v234))
(assert (or (not v237) v236))
(assert (or (not v242) v241))
(assert (or (not v249) v248))
(assert (or (not v251) v250))
(assert (or (not v253) v252))
(assert (or (not v257) v256))
(assert (or (not v261) v260))
(assert (or (not v263) v262))
(assert (or (not v267) v266))
(assert (or (not v271) v270))
(assert (or (not v276) v275))
(assert (or (not v281) v280))
(assert (or (not v286) v285))
(assert (or (not v289) v288))
(assert (or (not v291) v290))
(assert (or (not v293) v292))
(assert (or (not v295) v294))
(assert (or (not v298) v297))
(assert (or (not v301) v300))
(assert (or (not v305) v304))
(assert (or (not v315) v314))
(assert (or (not v324) v323))
(assert (or (not v326) v325))
(assert (or (not v328) v327))
(assert (or (not v330) v329))
(assert (or (not v332) v331))
(assert (or (not v336) v335))
(assert (or (not v338) v337))
(assert (or (not v341) v340))
(assert (or (not v345) v344))
(assert (or (not v347) v346))
(assert (or (not v351) v350))
(assert (or (not v353) v352))
(assert (or (not v355) v354))
(assert (or (not v357) v356))
(assert (or (not v361) v360))
(assert (or (not v363) v362))
(assert (or (not v365) v364))
(assert (or (not v367) v366))
(assert (or (not v369) v368))
(assert (or (not v371) v370))
(assert (or (not v373) v372))
(assert (or (not v377) v376))
(assert (or (not v379) v378))
(assert (or (not v385) v384))
(assert (or (not v387) v386))
(assert (or (not v389) v388))
(assert (or (not v395) v394))
(assert (or (not v397) v396))
(assert (or (not v399) v398))
(assert (or (not v401) v400))
(assert (or (not v404) v403))
(assert (or (not v406) v405))
(assert (or (not v408) v407))
(assert (or (not v410) v409))
(assert (or (not v412) v411))
(assert (or (not v414) v413))
(assert (or (not v416) v415))
(assert (or (not v419) v418))
(assert (or (not v421) v420))
(assert (or (not v423) v422))
(assert (or (not v425) v424))
(assert (or (not v427) v426))
(assert (or (not v430) v429))
(assert (or (not v434) v433))
(assert (or (not v437) v436))
(assert (or (not v457) v456))
(assert (or (not v462) v461))
(assert (or (not v464) v463))
(assert (or (not v466) v465))
(assert (or (not v468) v467))
(assert (or (not v470) v469))
(assert (or (not v472) v471))
(assert (or (not v474) v473))
(assert (or (not v476) v475))
(assert (or (not v478) v477))
(assert (or (not v481) v480))
(assert (or (not v483) v482))
(assert (or (not v487) v486))
(assert (or (not v489) v488))
(assert (or (not v491) v490))
(assert (or (not v493) v492))
(check-sat)
(exit)
