# Sourced by scripts/demo and scripts/test: make ./.venv hold everything triagebot needs.
# Idempotent and quick when nothing changed (a stamp records what was installed).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
TORCH_VERSION="2.13.0"

pick_python() {
  for candidate in "${PYTHON:-}" python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "triagebot needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
  return 1
}

stamp() {
  cat "$ROOT/pyproject.toml" "$ROOT/scripts/bootstrap.sh" | sha256sum | cut -d' ' -f1
}

if [ ! -x "$VENV/bin/python" ]; then
  echo "==> creating $VENV" >&2
  "$(pick_python)" -m venv "$VENV"
fi

if [ "$(cat "$VENV/.install-stamp" 2>/dev/null || true)" != "$(stamp)" ]; then
  echo "==> installing triagebot and its dependencies into .venv (first run takes a few minutes)" >&2
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  # The CPU build of torch first: anything else would pull gigabytes of CUDA packages.
  if ! "$VENV/bin/python" -c "import torch" >/dev/null 2>&1; then
    "$VENV/bin/python" -m pip install --quiet "torch==$TORCH_VERSION" ||
      "$VENV/bin/python" -m pip install --quiet "torch==$TORCH_VERSION" \
        --index-url https://download.pytorch.org/whl/cpu
  fi
  # PYTHONWARNINGS: setuptools' banner about editable installs is not the user's business.
  PYTHONWARNINGS=ignore "$VENV/bin/python" -m pip install --quiet -e "$ROOT[dev]"
  stamp > "$VENV/.install-stamp"
fi

export PATH="$VENV/bin:$PATH"
export HF_HUB_OFFLINE="${HF_HUB_OFFLINE:-1}"
