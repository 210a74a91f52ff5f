# Shared by scripts/test.sh and scripts/run-local.sh: install what the project needs from Debian when it
# is missing. Sourced, not executed.

# Debian packages the build and the tests need, as "package:probe-file" pairs (the probe tells whether the
# package is already there without asking dpkg, which may be absent in minimal images).
KS_DEBIAN_PACKAGES=(
  "libzookeeper-mt-dev:/usr/include/zookeeper/zookeeper.h"
  "libcurl4-openssl-dev:/usr/include/x86_64-linux-gnu/curl/curl.h"
  "librdkafka-dev:/usr/include/librdkafka/rdkafka.h"
  "zookeeper:/usr/share/java/zookeeper.jar"
  "zookeeper-bin:/usr/lib/zookeeper/bin/cli_mt"
  "pkg-config:/usr/bin/pkg-config"
  "curl:/usr/bin/curl"
)

ks_missing_packages() {
  local missing=() entry pkg probe
  for entry in "${KS_DEBIAN_PACKAGES[@]}" "$@"; do
    pkg=${entry%%:*}
    probe=${entry#*:}
    [ -e "$probe" ] || missing+=("$pkg")
  done
  command -v java >/dev/null 2>&1 || missing+=("default-jre-headless")
  echo "${missing[@]}"
}

# ks_install_packages [extra "package:probe" ...] — installs the missing ones as root, or explains how.
ks_install_packages() {
  local missing
  missing=$(ks_missing_packages "$@")
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
  else
    echo "These Debian packages are missing: $missing" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get install -y $missing" >&2
    return 1
  fi
}

# PyPI tools the tests run, as "package:command" pairs.
KS_PYPI_TOOLS=(
  "openapi-spec-validator:openapi-spec-validator"
)

# ks_install_pypi_tools — installs the missing ones with pip, or explains how.
ks_install_pypi_tools() {
  local missing=() entry pkg cmd
  for entry in "${KS_PYPI_TOOLS[@]}"; do
    pkg=${entry%%:*}
    cmd=${entry#*:}
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if command -v pip3 >/dev/null 2>&1; then
    echo "Installing from PyPI: ${missing[*]}"
    pip3 install --quiet "${missing[@]}"
  else
    echo "These PyPI packages are missing: ${missing[*]}" >&2
    echo "Install them with:" >&2
    echo "  pip3 install ${missing[*]}" >&2
    return 1
  fi
}
