# Sourced by ./vae4j and the bench scripts: the OpenMP wait policy that matches the OpenBLAS vae4j will load (the
# same rule as vae4j.engine.OpenmpBlas; the release archive's bin/vae4j has a copy).
#  - bundled OpenBLAS: its own threads run beside libgomp's pool, so libgomp's workers must sleep between regions
#    (OMP_WAIT_POLICY=PASSIVE; spinning made training 25x slower on 2 cores);
#  - the system's OpenMP OpenBLAS (Debian/Ubuntu `libopenblas0-openmp`, VAE4J_BLAS=auto, the default, or
#    VAE4J_BLAS=/path/libopenblas.so.0): one pool for all work, which may spin between regions as PyTorch's does.
# A value of OMP_WAIT_POLICY already in the environment is kept.
vae4j_openmp_blas() {
  local value="${VAE4J_BLAS:-}" triplet
  # -Dvae4j.blas=... in VAE4J_JAVA_OPTS wins over VAE4J_BLAS, as in the JVM
  if [[ " ${VAE4J_JAVA_OPTS:-} " =~ [[:space:]]-Dvae4j\.blas=([^[:space:]]+) ]]; then
    value="${BASH_REMATCH[1]}"
  fi
  value="${value#"${value%%[![:space:]]*}"}"
  value="${value%"${value##*[![:space:]]}"}"
  case "$value" in
    [Bb][Uu][Nn][Dd][Ll][Ee][Dd]) return 1 ;;
    [Aa][Uu][Tt][Oo] | "")
      case "$(uname -m)" in
        x86_64) triplet=x86_64-linux-gnu ;; aarch64) triplet=aarch64-linux-gnu ;;
        ppc64le) triplet=powerpc64le-linux-gnu ;; *) return 1 ;;
      esac
      [[ -r "/usr/lib/$triplet/openblas-openmp/libopenblas.so.0" ]] ;;
    /*) [[ -f "$value" ]] ;;
    *) return 1 ;;   # not a setting the JVM accepts: it stops with one line saying so
  esac
}
if ! vae4j_openmp_blas; then
  export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
fi
# and glibc malloc's settings for libtorch's tensors (scripts/malloc-env.sh)
source "$(dirname "${BASH_SOURCE[0]}")/malloc-env.sh"
