"""Removes libtorch's natives and other platforms' assets from a program's deps.json, so that the .NET host does not
look for files the kit leaves out (the GPU machine's PyTorch provides libtorch)."""
import json
import re
import sys

torch = re.compile(r'(^|/)(libtorch[^/]*|libc10[^/]*|libgomp[^/]*|libshm\.so|libaoti[^/]*|libbackend_with_compiler\.so|'
                   r'libjitbackend_test\.so|libnnapi_backend\.so)$')
path = sys.argv[1]
with open(path) as f:
    deps = json.load(f)
for target in deps['targets'].values():
    for package in target.values():
        for section in ('native', 'runtimeTargets'):
            assets = package.get(section) or {}
            for key in list(assets):
                if torch.search(key) or (section == 'runtimeTargets' and not key.startswith('runtimes/linux-x64/')):
                    del assets[key]
            if section in package and not assets:
                del package[section]
with open(path, 'w') as f:
    json.dump(deps, f, indent=2)
