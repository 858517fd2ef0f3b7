# SPDX-License-Identifier: BSD-3-Clause
# dh_installnss(1): pwpol last on the passwd and group lines of
# /etc/nsswitch.conf (after files and systemd: a local account keeps its
# entry), taken out again when the package goes; nss_pwpol(5).
passwd last pwpol
group last pwpol
