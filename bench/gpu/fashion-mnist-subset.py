"""Writes the first 16,000 training and all 10,000 test images of Fashion-MNIST (gzipped IDX files in SOURCE) into
DESTINATION, in the same format: the GPU run's parity epochs train on 12,800 of them and test on 2,000."""
import gzip
import os
import sys

source, destination = sys.argv[1:]
for name, count in [('train-images-idx3-ubyte.gz', 16000), ('train-labels-idx1-ubyte.gz', 16000),
                    ('t10k-images-idx3-ubyte.gz', 10000), ('t10k-labels-idx1-ubyte.gz', 10000)]:
    with gzip.open(os.path.join(source, name)) as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(ndim)]
    per_item = 1
    for d in dims[1:]:
        per_item *= d
    count = min(count, dims[0])
    head = 4 + 4 * ndim
    with gzip.open(os.path.join(destination, name), 'wb', compresslevel=9) as f:
        f.write(raw[:4] + count.to_bytes(4, 'big') + raw[8:head] + raw[head:head + count * per_item])
