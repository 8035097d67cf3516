"""Linear probe of one feature space on a fixed held-out split (scikit-learn peer of feature-spaces.ts).

Reads one JSON job from stdin: {"file": "<rows × cols float32>", "cols": n, "labels": [...], "train": [...],
"test": [...], "C": [..]}. The features are already normalised by the caller. C (inverse L2 strength) is chosen by
3-fold cross-validation inside the training half only; the chosen model is refitted on the whole training half and
scored once on the test half. Writes {"accuracy": a, "C": c} to stdout.
"""
import json
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score


def main():
    job = json.load(sys.stdin)
    x = np.fromfile(job["file"], dtype="<f4").reshape(-1, job["cols"])
    y = np.array(job["labels"])
    tr, te = np.array(job["train"]), np.array(job["test"])
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
    best = None
    for c in job["C"]:
        score = cross_val_score(LogisticRegression(C=c, max_iter=2000), x[tr], y[tr], cv=folds).mean()
        if best is None or score > best[0]:
            best = (score, c)
    model = LogisticRegression(C=best[1], max_iter=2000).fit(x[tr], y[tr])
    print(json.dumps({"accuracy": float((model.predict(x[te]) == y[te]).mean()), "C": best[1]}))


main()
