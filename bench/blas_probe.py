#!/usr/bin/python3
"""Which BLAS this NumPy really runs (bench/blas.mjs): the BLAS/LAPACK libraries mapped into the process after a
matrix product, threadpoolctl's view when it is installed (library, version, kernel architecture, threads), and
NumPy's version. One JSON object on stdout."""
import json
import os
import sys

import numpy as np

a = np.ones((64, 64))
_ = a @ a  # make sure the BLAS is loaded and initialised

loaded = set()
with open("/proc/self/maps") as f:
    for line in f:
        path = line.split()[-1] if len(line.split()) >= 6 else ""
        name = os.path.basename(path)
        if any(k in name for k in ("blas", "lapack", "openblas", "mkl")):
            loaded.add(os.path.realpath(path))

pools = None
try:
    from threadpoolctl import threadpool_info

    pools = [
        {k: p.get(k) for k in ("user_api", "internal_api", "version", "architecture", "num_threads", "filepath", "threading_layer")}
        for p in threadpool_info()
    ]
except ImportError:
    pass

json.dump(
    {
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "loaded": sorted(loaded),
        "threadpoolctl": pools,
        "env": {k: os.environ.get(k) for k in ("LD_PRELOAD", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS")},
    },
    sys.stdout,
)
