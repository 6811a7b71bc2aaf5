/**
 * L2-regularised logistic regression: binary (sigmoid, one weight vector) and multinomial (softmax,
 * one row per class), objective {@code J = C * sum_i -log p(y_i|x_i) + 0.5 * ||W||^2} with the
 * intercepts not penalised. Solvers: full-batch L-BFGS ({@link dev.concord.models.logreg.LbfgsModel}),
 * mini-batch SGD and local SGD ({@link dev.concord.models.logreg.SgdModel}).
 */
package dev.concord.models.logreg;
