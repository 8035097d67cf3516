"""Supervised ceiling of the relational tasks on cached activations (scikit-learn peer of the eval harness).

Reads one JSON job from stdin:
  {"cache": "<tmp/eval-cache/acts/<dataset>>", "classes": [...], "triplets": 2000, "seed": 1,
   "features": [{"name": "...", "parts": [{"model": "...", "file": "<tap>.f32", "cols": 512}]}]}
For each feature set (parts are square-rooted, L2-normalised and concatenated) it fits a logistic regression with
5-fold stratified cross-validation, so every photo gets a held-out class posterior, then samples SET / SSD /
ANTISET triplets exactly as the harness defines them and reads each triplet two ways:
  - argmax: the three predicted classes (all equal → SET, two equal → SSD with the third odd, else ANTISET);
  - bayes: the most probable of the 5 hypotheses (SET, SSD with odd 1/2/3, ANTISET) under independent posteriors.
Writes one JSON object to stdout. This is an upper reference for label-based readers on these features: a
classifier trained on the same photos, not something ClusterFlow is allowed to use at question time.
"""
import json
import os
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler, normalize


def load_part(cache, part):
    folder = os.path.join(cache, part["model"])
    index = json.load(open(os.path.join(folder, "index.json")))
    x = np.fromfile(os.path.join(folder, part["file"]), dtype="<f4").reshape(-1, part["cols"])
    return x, [labels[0] for labels in index["labelSets"]]


def read_triplet(p):
    """Returns (argmax answer, bayes answer); an answer is 'SET', 'ANTISET' or ('SSD', odd index)."""
    pred = p.argmax(1)
    if pred[0] == pred[1] == pred[2]:
        arg = "SET"
    elif len(set(pred.tolist())) == 3:
        arg = "ANTISET"
    else:
        arg = ("SSD", [j for j in range(3) if list(pred).count(pred[j]) == 1][0])
    s_set = float(np.sum(p[0] * p[1] * p[2]))
    s_ssd = [float(np.sum(p[1] * p[2] * (1 - p[0]))), float(np.sum(p[0] * p[2] * (1 - p[1]))),
             float(np.sum(p[0] * p[1] * (1 - p[2])))]
    s_anti = max(0.0, 1.0 - s_set - sum(s_ssd))
    hyps = ["SET", ("SSD", 0), ("SSD", 1), ("SSD", 2), "ANTISET"]
    bayes = hyps[int(np.argmax([s_set] + s_ssd + [s_anti]))]
    return arg, bayes


def main():
    job = json.load(sys.stdin)
    classes = job["classes"]
    k = len(classes)
    out = []
    for feature in job["features"]:
        parts = [load_part(job["cache"], part) for part in feature["parts"]]
        labels = np.array(parts[0][1])
        keep = np.isin(labels, classes)
        x = np.hstack([normalize(np.sqrt(np.maximum(p[0][keep], 0))) for p in parts])
        y = np.array([classes.index(v) for v in labels[keep]])
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000, C=0.1))
        cv = StratifiedKFold(5, shuffle=True, random_state=job["seed"])
        post = cross_val_predict(model, x, y, cv=cv, method="predict_proba")
        by_class = [np.where(y == c)[0] for c in range(k)]
        rng = np.random.default_rng(job["seed"])
        tasks = {}
        for task in ["SET", "SAME_SAME_DIFFERENT", "ANTISET"]:
            if task == "ANTISET" and k < 3:
                continue
            hits = {"argmax": 0, "bayes": 0}
            for _ in range(job["triplets"]):
                if task == "SET":
                    c = rng.integers(k)
                    idx, truth = rng.choice(by_class[c], 3, replace=False), "SET"
                elif task == "SAME_SAME_DIFFERENT":
                    c, d = rng.choice(k, 2, replace=False)
                    raw = list(rng.choice(by_class[c], 2, replace=False)) + [rng.choice(by_class[d])]
                    perm = rng.permutation(3)
                    idx = np.array(raw)[perm]
                    truth = ("SSD", int(np.where(perm == 2)[0][0]))
                else:
                    cs = rng.choice(k, 3, replace=False)
                    idx, truth = np.array([rng.choice(by_class[c]) for c in cs]), "ANTISET"
                arg, bayes = read_triplet(post[idx])
                hits["argmax"] += arg == truth
                hits["bayes"] += bayes == truth
            tasks[task] = {r: 100.0 * h / job["triplets"] for r, h in hits.items()}
        out.append({
            "name": feature["name"],
            "photos": int(keep.sum()),
            "dimensions": int(x.shape[1]),
            "photoAccuracy": 100.0 * float((post.argmax(1) == y).mean()),
            "tasks": tasks,
        })
    json.dump({"classes": classes, "triplets": job["triplets"], "seed": job["seed"], "rows": out}, sys.stdout)


if __name__ == "__main__":
    main()
