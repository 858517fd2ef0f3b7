#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# deps.sh - installs, from Debian's archive, what pwpol builds and tests
# with. Only missing packages are installed, so a second run is quick.
set -euo pipefail
pkgs=(build-essential cmake pkg-config libcrypt-dev libsqlite3-dev libpam0g-dev
      libutf8proc-dev nettle-dev libicu-dev libcmocka-dev pamtester sqlite3 valgrind clang clang-format libclang-rt-14-dev
      libpq-dev postgresql openssh-server sshpass expect libpasswdqc-dev passwdqc
      libpwquality-dev cracklib-runtime john-data libzxcvbn-dev libpwquality-tools gettext fail2ban
      libmicrohttpd-dev curl openssl chromium chromium-driver python3-selenium
      python3-jsonschema nginx-light
      debhelper dh-nss dpkg-dev lintian systemd libsystemd-dev mandoc)
# Without their recommends: ansible-core's would pull the whole `ansible`
# collection set (some 300 MB); the tests use its builtin uri module only.
bare=(ansible-core)
missing=() missing_bare=()
for p in "${pkgs[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
for p in "${bare[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing_bare+=("$p")
done
[ ${#missing[@]} -eq 0 ] && [ ${#missing_bare[@]} -eq 0 ] && exit 0
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || true
[ ${#missing[@]} -eq 0 ] || $SUDO apt-get install -y -qq "${missing[@]}"
[ ${#missing_bare[@]} -eq 0 ] || $SUDO apt-get install -y -qq --no-install-recommends "${missing_bare[@]}"
