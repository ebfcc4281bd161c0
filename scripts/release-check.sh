#!/usr/bin/env bash
# The release checks of README's "Install": build the release archive and the library artifacts, then
#  1. unpack the archive into a temporary folder and, with a clean HOME and no Maven on the PATH, run
#     bin/vae4j --version and a short bin/vae4j train on a CSV made here; check that no test library is in lib/
#     or on the class path of the running JVM;
#  2. build and run examples/library-usage, a separate Maven project that depends on the installed artifact,
#     offline from the local repository: it trains, saves, loads, encodes and decodes.
# Usage: scripts/release-check.sh [--no-build]   (--no-build: use the archive and installed artifact as they are)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
version="$(sed -n 's#^  <version>\(.*\)</version>#\1#p' pom.xml | head -1)"   # the project's own version
archive="target/vae4j-$version-linux-x86_64.tar.gz"

if [[ "${1:-}" != "--no-build" ]]; then
  # package + install: the jar, -sources and -javadoc jars into the local repository, the archive into target/
  mvn -B -q -DskipTests install
fi
[[ -f "$archive" ]] || { echo "release-check: $archive is missing" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "release-check: FAIL: $*" >&2; exit 1; }

echo "== archive: $archive ($(du -h "$archive" | cut -f1))"
tar xzf "$archive" -C "$work"
app="$work/vae4j-$version"
[[ -x "$app/bin/vae4j" ]] || fail "bin/vae4j missing or not executable"
[[ -f "$app/README.md" && -f "$app/licences/THIRD-PARTY.txt" ]] || fail "README.md or licences/THIRD-PARTY.txt missing"
ls "$app/lib" > "$work/lib.txt"
if grep -Ei 'junit|assertj|byte-buddy|bytebuddy|opentest4j|apiguardian|surefire' "$work/lib.txt"; then
  fail "test libraries in lib/"
fi
grep -q 'pytorch-.*-linux-x86_64\.jar$' "$work/lib.txt" || fail "no linux-x86_64 pytorch natives in lib/"
if grep -E 'windows|macosx|android|arm64|ppc64|gpu' "$work/lib.txt"; then
  fail "natives of another platform in lib/"
fi

# A clean HOME (JavaCPP's cache, VAE4J_HOME default) and an environment with nothing else: a PATH with java and
# the few tools bin/vae4j uses (no Maven), no JAVA_HOME, no CLASSPATH.
home="$work/home"; mkdir -p "$home" "$work/bin"
for tool in java bash dirname readlink; do ln -s "$(readlink -f "$(command -v "$tool")")" "$work/bin/$tool"; done
# Java takes user.home from the password database, not from HOME: -Duser.home makes the clean HOME the JVM's too, so
# JavaCPP unpacks the natives into an empty cache (the first-run path) and VAE4J_HOME defaults to $home/.vae4j.
run() {
  env -i HOME="$home" PATH="$work/bin" LANG=C.UTF-8 VAE4J_JAVA_OPTS="-Duser.home=$home ${VAE4J_JAVA_OPTS:-}" \
    "$app/bin/vae4j" "$@"
}
env -i PATH="$work/bin" "$work/bin/bash" -c 'command -v mvn' && fail "mvn is reachable in the clean environment"

echo "== bin/vae4j --version"
run --version | tee "$work/version.txt"
grep -q "^vae4j $version (commit [0-9a-f]\{12\}\|^vae4j $version (commit unknown" "$work/version.txt" \
  || fail "--version lacks version and commit"
grep -q "^libtorch 2\.10\.0 .*platform linux-x86_64, natives linux-x86_64" "$work/version.txt" \
  || fail "--version lacks libtorch's version or the platform"

echo "== bin/vae4j train on a CSV made here"
python3 - "$work/points.csv" <<'PY'
import math, random, sys
random.seed(7)
with open(sys.argv[1], "w") as f:
    f.write("x,y,z,kind\n")
    for i in range(600):
        t = random.uniform(0, 2 * math.pi)
        kind = "a" if t < math.pi else "b"
        f.write(f"{math.cos(t) + random.gauss(0, .05):.4f},{math.sin(t) + random.gauss(0, .05):.4f},"
                f"{0.5 * t + random.gauss(0, .05):.4f},{kind}\n")
PY
run train --data "$work/points.csv" --label-column kind --epochs 3 --out "$work/model" > "$work/train.txt" 2>&1 \
  || { cat "$work/train.txt"; fail "bin/vae4j train failed"; }
tail -3 "$work/train.txt"
[[ -f "$work/model/config.json" && -f "$work/model/weights.safetensors" ]] || fail "no model folder written"
[[ -n "$(find "$home/.javacpp/cache" -name 'libtorch_cpu.so*' -print -quit 2>/dev/null)" ]] \
  || fail "natives were not unpacked under the clean HOME"
[[ -d "$home/.vae4j/cache" ]] || fail "the CSV row cache is not under the clean HOME"

echo "== class path of a running bin/vae4j"
# jcmd needs a JDK; the class path is also in the JVM's command line, which /proc shows while it runs
VAE4J_JAVA_OPTS="-Dvae4j.release-check=1" run summary --model "$work/model" > /dev/null &
pid=$!
cp_line=""
for _ in $(seq 50); do
  jpid="$(pgrep -f -n 'vae4j.release-check=1' || true)"
  if [[ -n "$jpid" ]]; then cp_line="$(tr '\0' '\n' < "/proc/$jpid/cmdline" | grep -A1 '^-cp$' | tail -1 || true)"; fi
  [[ -n "$cp_line" ]] && break
  sleep 0.1
done
wait "$pid" || fail "bin/vae4j summary failed"
[[ "$cp_line" == "$app/lib/*" ]] || fail "unexpected class path: '$cp_line'"
echo "class path: $cp_line (lib/ checked above: $(wc -l < "$work/lib.txt") jars, no test library)"

echo "== README's library program is examples/library-usage's"
python3 - README.md examples/library-usage/src/main/java/example/BarsVae.java <<'PY' || fail "README's program differs"
import sys
readme, program = open(sys.argv[1]).read(), open(sys.argv[2]).read()
blocks = readme.split("```java\n")[1:]
if not any(b.split("```\n")[0] == program for b in blocks):
    sys.exit("README.md has no java block equal to " + sys.argv[2])
PY

echo "== a source tree without .git builds and says: commit unknown"
mkdir "$work/src-tree"
cp -r pom.xml src "$work/src-tree/"
(cd "$work/src-tree" && mvn -B -q -o process-resources)
grep -qx 'commit=unknown' "$work/src-tree/target/classes/vae4j/build.properties" \
  || fail "a build without .git does not say commit=unknown"

echo "== examples/library-usage against the installed artifact, offline"
rm -rf examples/library-usage/target
(cd examples/library-usage && mvn -B -q -o compile \
   dependency:build-classpath -Dmdep.outputFile=target/cp.txt -DincludeScope=runtime)
cp_file="$root/examples/library-usage/target/cp.txt"
if grep -Ei 'junit|assertj|byte-buddy|opentest4j|apiguardian' <(tr ':' '\n' < "$cp_file"); then
  fail "test libraries reach a library user's class path"
fi
OMP_WAIT_POLICY=PASSIVE VAE4J_HOME="$work/lib-home" java -Djava.awt.headless=true \
  -cp "$root/examples/library-usage/target/classes:$(cat "$cp_file")" example.BarsVae | tee "$work/lib.out"
grep -q '^encoded 300 pictures' "$work/lib.out" || fail "the library example did not encode"
echo "release-check: OK"
