; bnnverify 0.1.0 robustness instance (smt2)
; model_sha256 303df41152624160787320a09e7682e0293b68bb5272d9f12cacc9b2b9a65556
; property robustness
; index 83
; label 9
; eps 1
; targets 0 1 2 3 4 5 6 7 8
; encoding qf-lia
; fixed_neurons 499 of 500
; expected unsat (holds)
; meaning: satisfiable iff some integer x with |x_i - x0_i| <= eps, clipped to [0, 255], has score_c(x) >= score_label(x) for a target c
; names: 'box i lo hi' bounds pixel i; 'in i k var': var <-> x_i >= lo_i + k; 'beats c var': var -> score_c >= score_label
; box 2 0 1
; in 2 1 2
; box 5 0 1
; in 5 1 3
; box 7 0 1
; in 7 1 4
; box 13 0 1
; in 13 1 5
; box 14 0 1
; in 14 1 6
; box 20 0 1
; in 20 1 7
; box 21 0 1
; in 21 1 8
; box 45 0 1
; in 45 1 9
; box 46 0 1
; in 46 1 10
; box 63 0 1
; in 63 1 11
; box 64 0 1
; in 64 1 12
; box 73 0 1
; in 73 1 13
; box 76 0 1
; in 76 1 14
; box 82 0 1
; in 82 1 15
; box 87 0 1
; in 87 1 16
; box 91 0 1
; in 91 1 17
; box 92 0 1
; in 92 1 18
; box 104 0 1
; in 104 1 19
; box 105 0 1
; in 105 1 20
; box 109 0 1
; in 109 1 21
; box 114 0 1
; in 114 1 22
; box 116 0 1
; in 116 1 23
; box 122 0 1
; in 122 1 24
; box 126 0 1
; in 126 1 25
; box 134 0 1
; in 134 1 26
; box 135 0 1
; in 135 1 27
; box 140 0 1
; in 140 1 28
; box 142 0 1
; in 142 1 29
; box 151 0 1
; in 151 1 30
; box 152 0 1
; in 152 1 31
; box 153 3 5
; in 153 1 32
; in 153 2 33
; box 154 0 1
; in 154 1 34
; box 157 0 1
; in 157 1 35
; box 163 178 180
; in 163 1 36
; in 163 2 37
; box 173 0 1
; in 173 1 38
; box 191 254 255
; in 191 1 39
; box 200 0 1
; in 200 1 40
; box 224 0 1
; in 224 1 41
; box 228 0 1
; in 228 1 42
; box 234 0 1
; in 234 1 43
; box 252 0 1
; in 252 1 44
; box 372 0 1
; in 372 1 45
; box 444 245 247
; in 444 1 46
; in 444 2 47
; box 475 0 1
; in 475 1 48
; box 478 104 106
; in 478 1 49
; in 478 2 50
; box 506 241 243
; in 506 1 51
; in 506 2 52
; box 538 219 221
; in 538 1 53
; in 538 2 54
; box 575 235 237
; in 575 1 55
; in 575 2 56
; box 587 0 1
; in 587 1 57
; box 629 233 235
; in 629 1 58
; in 629 2 59
; box 636 178 180
; in 636 1 60
; in 636 2 61
; box 686 0 1
; in 686 1 62
; box 713 0 1
; in 713 1 63
; box 715 0 1
; in 715 1 64
; box 729 0 1
; in 729 1 65
; box 741 0 1
; in 741 1 66
; box 742 0 1
; in 742 1 67
; box 745 0 1
; in 745 1 68
; box 756 0 1
; in 756 1 69
; box 758 0 1
; in 758 1 70
; box 759 0 1
; in 759 1 71
; box 769 0 1
; in 769 1 72
; box 770 0 1
; in 770 1 73
; box 779 0 1
; in 779 1 74
; beats 0 75
; beats 1 76
; beats 2 77
; beats 3 78
; beats 4 79
; beats 5 80
; beats 6 81
; beats 7 82
; beats 8 83
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
(assert (= v1 (>= (+ (ite v2 0 1) (ite v3 0 1) (ite v4 1 0) (ite v5 1 0) (ite v6 1 0) (ite v7 1 0) (ite v8 1 0) (ite v9 1 0) (ite v10 1 0) (ite v11 0 1) (ite v12 0 1) (ite v13 0 1) (ite v14 0 1) (ite v15 1 0) (ite v16 0 1) (ite v17 0 1) (ite v18 0 1) (ite v19 0 1) (ite v20 0 1) (ite v21 1 0) (ite v22 0 1) (ite v23 1 0) (ite v24 1 0) (ite v25 1 0) (ite v26 0 1) (ite v27 1 0) (ite v28 1 0) (ite v29 0 1) (ite v30 1 0) (ite v31 1 0) (ite v32 1 0) (ite v33 1 0) (ite v34 1 0) (ite v35 1 0) (ite v36 1 0) (ite v37 1 0) (ite v38 1 0) (ite v39 1 0) (ite v40 1 0) (ite v41 1 0) (ite v42 1 0) (ite v43 1 0) (ite v44 1 0) (ite v45 1 0) (ite v46 1 0) (ite v47 1 0) (ite v48 1 0) (ite v49 1 0) (ite v50 1 0) (ite v51 1 0) (ite v52 1 0) (ite v53 0 1) (ite v54 0 1) (ite v55 0 1) (ite v56 0 1) (ite v57 1 0) (ite v58 0 1) (ite v59 0 1) (ite v60 0 1) (ite v61 0 1) (ite v62 0 1) (ite v63 0 1) (ite v64 0 1) (ite v65 1 0) (ite v66 0 1) (ite v67 0 1) (ite v68 0 1) (ite v69 1 0) (ite v70 1 0) (ite v71 1 0) (ite v72 0 1) (ite v73 0 1) (ite v74 1 0)) 16)))
(assert (not v75))
(assert (not v76))
(assert (not v77))
(assert (not v78))
(assert (not v79))
(assert (not v80))
(assert (not v81))
(assert (not v82))
(assert (not v83))
(assert (or v75 v76 v77 v78 v79 v80 v81 v82 v83))
(assert (or (not v33) v32))
(assert (or (not v37) v36))
(assert (or (not v47) v46))
(assert (or (not v50) v49))
(assert (or (not v52) v51))
(assert (or (not v54) v53))
(assert (or (not v56) v55))
(assert (or (not v59) v58))
(assert (or (not v61) v60))
(check-sat)
(exit)
