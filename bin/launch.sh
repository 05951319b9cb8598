# Shared by the bin/ launchers: locate the project and a built jar, or say how to build it.
HOSHU_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
hoshu_jar() { # hoshu_jar MODULE/target/NAME.jar: the unpacked layout beside it (target/runtime), which starts
  # with less CPU, or else the jar itself
  local jar="$HOSHU_ROOT/$1"
  local unpacked
  unpacked="$(dirname "$jar")/runtime/$(basename "$jar")"
  if [ -f "$unpacked" ]; then
    printf '%s' "$unpacked"
    return
  fi
  if [ ! -f "$jar" ]; then
    echo "hoshu: $1 is not built; run bin/quickstart (or: mvn -B -DskipTests package)" >&2
    exit 1
  fi
  printf '%s' "$jar"
}
# The CLI lives for a second or two: the quick compiler alone starts it sooner and costs less CPU.
HOSHU_CLI_JVM_OPTIONS="-XX:TieredStopAtLevel=1"
