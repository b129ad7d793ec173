"""One article's notebooks into an exports folder: the build, its cache, warm kernels, signals."""
