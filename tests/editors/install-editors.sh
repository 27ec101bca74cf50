#!/usr/bin/env bash
# Installs the editors of the real-editor suite from Debian when they are missing: Neovim (0.7.2 in Debian 12) and
# Emacs without X with eglot (1.9 from elpa-eglot on Emacs 28; built into Emacs 29+). Prints the versions found.
set -euo pipefail
need=()
command -v nvim >/dev/null || need+=(neovim)
command -v emacs >/dev/null || need+=(emacs-nox)
if command -v emacs >/dev/null && ! emacs --batch -Q --eval '(progn (package-initialize) (require (quote eglot)))' >/dev/null 2>&1 \
  && [ ! -d /usr/share/emacs/site-lisp/elpa/eglot-1.9 ]; then
  need+=(elpa-eglot)
fi
if ! command -v emacs >/dev/null; then
  need+=(elpa-eglot)
fi
if [ ${#need[@]} -gt 0 ]; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq >&2
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
nvim --version | head -1 >&2
emacs --version | head -1 >&2
