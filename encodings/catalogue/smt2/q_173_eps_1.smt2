; bnnverify 0.1.0 robustness instance (smt2)
; model_sha256 303df41152624160787320a09e7682e0293b68bb5272d9f12cacc9b2b9a65556
; property robustness
; index 173
; label 1
; eps 1
; targets 0 2 3 4 5 6 7 8 9
; encoding qf-lia
; fixed_neurons 500 of 500
; expected unsat (holds)
; meaning: satisfiable iff some integer x with |x_i - x0_i| <= eps, clipped to [0, 255], has score_c(x) >= score_label(x) for a target c
; names: 'box i lo hi' bounds pixel i; 'in i k var': var <-> x_i >= lo_i + k; 'beats c var': var -> score_c >= score_label
; beats 0 1
; beats 2 2
; beats 3 3
; beats 4 4
; beats 5 5
; beats 6 6
; beats 7 7
; beats 8 8
; beats 9 9
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
(assert (not v1))
(assert (not v2))
(assert (not v3))
(assert (not v4))
(assert (not v5))
(assert (not v6))
(assert (not v7))
(assert (not v8))
(assert (not v9))
(assert (or v1 v2 v3 v4 v5 v6 v7 v8 v9))
(check-sat)
(exit)
