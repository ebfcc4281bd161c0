# Sourced by ./vae4j (through scripts/omp-env.sh), ./vae4j-spark and the bench scripts; the release archive's
# bin/vae4j has a copy of the function. glibc malloc settings for libtorch's tensors: every result of an operation is
# a new allocation, often megabytes, and in the JVM's threads glibc hands such memory back to the kernel when it is
# freed, so the next step page-faults it in again (keras-conv: about 10,000 page faults per training step; a
# keras-conv step ran 1.1x slower, score and evaluate at k=100 1.25 to 1.4x, bench/RESULTS.md). Allocations below 32 MiB come from malloc's
# heaps and up to 128 MiB of free memory stays with each heap. Values already in the environment are kept.
vae4j_malloc_env() {
  export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
  export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-134217728}"
}
vae4j_malloc_env
