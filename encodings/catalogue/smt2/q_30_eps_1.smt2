; bnnverify 0.1.0 robustness instance (smt2)
; model_sha256 303df41152624160787320a09e7682e0293b68bb5272d9f12cacc9b2b9a65556
; property robustness
; index 30
; label 8
; eps 1
; targets 0 1 2 3 4 5 6 7 9
; encoding qf-lia
; fixed_neurons 498 of 500
; expected unsat (holds)
; meaning: satisfiable iff some integer x with |x_i - x0_i| <= eps, clipped to [0, 255], has score_c(x) >= score_label(x) for a target c
; names: 'box i lo hi' bounds pixel i; 'in i k var': var <-> x_i >= lo_i + k; 'beats c var': var -> score_c >= score_label
; box 4 0 1
; in 4 1 2
; box 7 0 1
; in 7 1 3
; box 21 0 1
; in 21 1 4
; box 46 0 1
; in 46 1 5
; box 55 0 1
; in 55 1 6
; box 83 0 1
; in 83 1 7
; box 166 0 1
; in 166 1 8
; box 219 0 1
; in 219 1 9
; box 240 0 1
; in 240 1 10
; box 245 0 1
; in 245 1 11
; box 252 0 1
; in 252 1 12
; box 268 0 1
; in 268 1 13
; box 269 0 1
; in 269 1 14
; box 293 193 195
; in 293 1 15
; in 293 2 16
; box 306 180 182
; in 306 1 17
; in 306 2 18
; box 311 81 83
; in 311 1 19
; in 311 2 20
; box 322 180 182
; in 322 1 21
; in 322 2 22
; box 333 186 188
; in 333 1 23
; in 333 2 24
; box 334 134 136
; in 334 1 25
; in 334 2 26
; box 339 11 13
; in 339 1 27
; in 339 2 28
; box 340 168 170
; in 340 1 29
; in 340 2 30
; box 342 191 193
; in 342 1 31
; in 342 2 32
; box 350 179 181
; in 350 1 33
; in 350 2 34
; box 352 188 190
; in 352 1 35
; in 352 2 36
; box 353 176 178
; in 353 1 37
; in 353 2 38
; box 358 196 198
; in 358 1 39
; in 358 2 40
; box 366 243 245
; in 366 1 41
; in 366 2 42
; box 370 200 202
; in 370 1 43
; in 370 2 44
; box 375 186 188
; in 375 1 45
; in 375 2 46
; box 379 200 202
; in 379 1 47
; in 379 2 48
; box 380 188 190
; in 380 1 49
; in 380 2 50
; box 381 183 185
; in 381 1 51
; in 381 2 52
; box 385 205 207
; in 385 1 53
; in 385 2 54
; box 386 187 189
; in 386 1 55
; in 386 2 56
; box 390 168 170
; in 390 1 57
; in 390 2 58
; box 392 0 1
; in 392 1 59
; box 393 87 89
; in 393 1 60
; in 393 2 61
; box 394 156 158
; in 394 1 62
; in 394 2 63
; box 401 159 161
; in 401 1 64
; in 401 2 65
; box 403 196 198
; in 403 1 66
; in 403 2 67
; box 407 159 161
; in 407 1 68
; in 407 2 69
; box 408 201 203
; in 408 1 70
; in 408 2 71
; box 409 194 196
; in 409 1 72
; in 409 2 73
; box 414 187 189
; in 414 1 74
; in 414 2 75
; box 415 193 195
; in 415 1 76
; in 415 2 77
; box 417 208 210
; in 417 1 78
; in 417 2 79
; box 435 211 213
; in 435 1 80
; in 435 2 81
; box 436 212 214
; in 436 1 82
; in 436 2 83
; box 437 216 218
; in 437 1 84
; in 437 2 85
; box 438 231 233
; in 438 1 86
; in 438 2 87
; box 443 209 211
; in 443 1 88
; in 443 2 89
; box 445 218 220
; in 445 1 90
; in 445 2 91
; box 466 193 195
; in 466 1 92
; in 466 2 93
; box 469 147 149
; in 469 1 94
; in 469 2 95
; box 470 184 186
; in 470 1 96
; in 470 2 97
; box 493 213 215
; in 493 1 98
; in 493 2 99
; box 497 121 123
; in 497 1 100
; in 497 2 101
; box 502 241 243
; in 502 1 102
; in 502 2 103
; box 504 0 1
; in 504 1 104
; box 524 179 181
; in 524 1 105
; in 524 2 106
; box 530 254 255
; in 530 1 107
; box 531 77 79
; in 531 1 108
; in 531 2 109
; box 545 205 207
; in 545 1 110
; in 545 2 111
; box 553 215 217
; in 553 1 112
; in 553 2 113
; box 648 227 229
; in 648 1 114
; in 648 2 115
; box 670 254 255
; in 670 1 116
; box 672 0 1
; in 672 1 117
; box 676 246 248
; in 676 1 118
; in 676 2 119
; box 728 0 1
; in 728 1 120
; box 739 248 250
; in 739 1 121
; in 739 2 122
; box 758 0 1
; in 758 1 123
; box 769 0 1
; in 769 1 124
; beats 0 126
; beats 1 127
; beats 2 128
; beats 3 129
; beats 4 130
; beats 5 131
; beats 6 132
; beats 7 133
; beats 9 134
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
(assert (= v1 (>= (+ (ite v2 0 1) (ite v3 0 1) (ite v4 0 1) (ite v5 0 1) (ite v6 1 0) (ite v7 1 0) (ite v8 0 1) (ite v9 0 1) (ite v10 1 0) (ite v11 0 1) (ite v12 1 0) (ite v13 1 0) (ite v14 1 0) (ite v15 0 1) (ite v16 0 1) (ite v17 1 0) (ite v18 1 0) (ite v19 0 1) (ite v20 0 1) (ite v21 0 1) (ite v22 0 1) (ite v23 1 0) (ite v24 1 0) (ite v25 1 0) (ite v26 1 0) (ite v27 0 1) (ite v28 0 1) (ite v29 0 1) (ite v30 0 1) (ite v31 0 1) (ite v32 0 1) (ite v33 0 1) (ite v34 0 1) (ite v35 0 1) (ite v36 0 1) (ite v37 0 1) (ite v38 0 1) (ite v39 1 0) (ite v40 1 0) (ite v41 0 1) (ite v42 0 1) (ite v43 0 1) (ite v44 0 1) (ite v45 1 0) (ite v46 1 0) (ite v47 0 1) (ite v48 0 1) (ite v49 0 1) (ite v50 0 1) (ite v51 0 1) (ite v52 0 1) (ite v53 1 0) (ite v54 1 0) (ite v55 1 0) (ite v56 1 0) (ite v57 1 0) (ite v58 1 0) (ite v59 0 1) (ite v60 0 1) (ite v61 0 1) (ite v62 0 1) (ite v63 0 1) (ite v64 1 0) (ite v65 1 0) (ite v66 1 0) (ite v67 1 0) (ite v68 0 1) (ite v69 0 1) (ite v70 0 1) (ite v71 0 1) (ite v72 0 1) (ite v73 0 1) (ite v74 1 0) (ite v75 1 0) (ite v76 1 0) (ite v77 1 0) (ite v78 1 0) (ite v79 1 0) (ite v80 0 1) (ite v81 0 1) (ite v82 0 1) (ite v83 0 1) (ite v84 0 1) (ite v85 0 1) (ite v86 0 1) (ite v87 0 1) (ite v88 1 0) (ite v89 1 0) (ite v90 1 0) (ite v91 1 0) (ite v92 0 1) (ite v93 0 1) (ite v94 1 0) (ite v95 1 0) (ite v96 1 0) (ite v97 1 0) (ite v98 0 1) (ite v99 0 1) (ite v100 1 0) (ite v101 1 0) (ite v102 0 1) (ite v103 0 1) (ite v104 1 0) (ite v105 1 0) (ite v106 1 0) (ite v107 0 1) (ite v108 0 1) (ite v109 0 1) (ite v110 1 0) (ite v111 1 0) (ite v112 1 0) (ite v113 1 0) (ite v114 1 0) (ite v115 1 0) (ite v116 0 1) (ite v117 1 0) (ite v118 1 0) (ite v119 1 0) (ite v120 0 1) (ite v121 1 0) (ite v122 1 0) (ite v123 0 1) (ite v124 1 0)) 21)))
(assert (= v125 (>= (ite v1 1 0) 1)))
(assert (not v126))
(assert (not v127))
(assert (not v128))
(assert (not v129))
(assert (not v130))
(assert (not v131))
(assert (not v132))
(assert (not v133))
(assert (not v134))
(assert (or v126 v127 v128 v129 v130 v131 v132 v133 v134))
(assert (or (not v16) v15))
(assert (or (not v18) v17))
(assert (or (not v20) v19))
(assert (or (not v22) v21))
(assert (or (not v24) v23))
(assert (or (not v26) v25))
(assert (or (not v28) v27))
(assert (or (not v30) v29))
(assert (or (not v32) v31))
(assert (or (not v34) v33))
(assert (or (not v36) v35))
(assert (or (not v38) v37))
(assert (or (not v40) v39))
(assert (or (not v42) v41))
(assert (or (not v44) v43))
(assert (or (not v46) v45))
(assert (or (not v48) v47))
(assert (or (not v50) v49))
(assert (or (not v52) v51))
(assert (or (not v54) v53))
(assert (or (not v56) v55))
(assert (or (not v58) v57))
(assert (or (not v61) v60))
(assert (or (not v63) v62))
(assert (or (not v65) v64))
(assert (or (not v67) v66))
(assert (or (not v69) v68))
(assert (or (not v71) v70))
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
(assert (or (not v93) v92))
(assert (or (not v95) v94))
(assert (or (not v97) v96))
(assert (or (not v99) v98))
(assert (or (not v101) v100))
(assert (or (not v103) v102))
(assert (or (not v106) v105))
(assert (or (not v109) v108))
(assert (or (not v111) v110))
(assert (or (not v113) v112))
(assert (or (not v115) v114))
(assert (or (not v119) v118))
(assert (or (not v122) v121))
(check-sat)
(exit)
