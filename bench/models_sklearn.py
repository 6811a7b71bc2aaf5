"""scikit-learn side of bench/models.sh (benchmark tooling only; not used by the build or CI).

  models_sklearn.py gen-gmm FILE            70000 x 10 CSV shaped like fashion_mnist_pca10 (seeded)
  models_sklearn.py gen-sparse FILE ROWS    binary LibSVM rows over a 2^24 feature space (seeded)
  models_sklearn.py gmm FILE ITER           GaussianMixture(full, k=10): wall s/iteration, iterations,
                                            average log-likelihood, CPU s/iteration
  models_sklearn.py logreg FILE SCALE C     LogisticRegression(lbfgs): wall s/iteration, iterations,
                                            wall s in all, CPU s/iteration

Thread counts are whatever OMP_NUM_THREADS / OPENBLAS_NUM_THREADS say (bench/models.sh sets them).
The timed GMM start is the deterministic evenly-spaced-rows start that `concord train gmm --init
evenly-spaced-rows` uses, so that both run the same EM iterations, not k-means initialisation.
"""
import sys
import time

import numpy as np


def gen_gmm(path):
    rng = np.random.default_rng(20261122)
    n, d, k = 70000, 10, 10
    centres = rng.normal(0, 4, size=(k, d))
    labels = rng.integers(0, k, size=n)
    x = np.empty((n, d))
    for c in range(k):
        a = rng.normal(0, 1, size=(d, d)) / np.sqrt(d)
        idx = labels == c
        x[idx] = centres[c] + rng.normal(0, 1, size=(idx.sum(), d)) @ a.T * rng.uniform(0.5, 2)
    np.savetxt(path, x, fmt="%.6f", delimiter=",")


def gen_sparse(path, rows):
    rng = np.random.default_rng(7)
    w = rng.normal(0, 1, size=4096)
    with open(path, "w") as f:
        for _ in range(int(rows)):
            # long-tailed feature ids: most rows share a few frequent ones, many are rare
            ids = np.unique(np.minimum(rng.zipf(1.3, size=40), 1 << 24))
            s = w[ids % 4096].sum() / np.sqrt(len(ids))
            y = 1 if rng.random() < 1 / (1 + np.exp(-s)) else 0
            f.write(str(y) + " " + " ".join(f"{i}:1" for i in ids) + "\n")


def gmm(path, iterations):
    from sklearn.mixture import GaussianMixture
    x = np.loadtxt(path, delimiter=",")
    n, k = len(x), 10
    means = x[[(j * n) // k for j in range(k)]]
    cov = np.cov(x, rowvar=False, bias=True)
    precision = np.linalg.inv(cov)
    g = GaussianMixture(n_components=k, covariance_type="full", max_iter=int(iterations), tol=0.0,
                        reg_covar=1e-6, weights_init=np.full(k, 1.0 / k), means_init=means,
                        precisions_init=np.repeat(precision[None], k, axis=0))
    t, c = time.perf_counter(), time.process_time()
    g.fit(x)
    s, cpu = time.perf_counter() - t, time.process_time() - c
    print(f"{s / g.n_iter_:.6f} {g.n_iter_} {g.score(x):.10f} {cpu / g.n_iter_:.6f}")


def logreg(path, scale, c):
    from sklearn.datasets import load_svmlight_file
    from sklearn.linear_model import LogisticRegression
    x, y = load_svmlight_file(path)
    x = x.toarray() * float(scale)
    m = LogisticRegression(C=float(c), solver="lbfgs", max_iter=10000, tol=1e-10)
    t, c = time.perf_counter(), time.process_time()
    m.fit(x, y)
    s, cpu = time.perf_counter() - t, time.process_time() - c
    it = int(np.max(m.n_iter_))
    print(f"{s / it:.6f} {it} {s:.4f} {cpu / it:.6f}")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"gen-gmm": gen_gmm, "gen-sparse": gen_sparse, "gmm": gmm, "logreg": logreg}[cmd](*args)
