"""services.ports.CollectionsCache as small JSON files in the data folder (collections_cache/):
the last arrears page, recovery figures, lists and account states the counter fetched, each with
when it was fetched, shown offline as what was last synced. Written to a temporary name and
renamed, so a crash leaves the old copy or the new one, never half of one."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

MAX_BYTES = 20 * 1024 * 1024  # a cached answer bigger than this is not kept


class FileCollectionsCache:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()

    def _path(self, key: str) -> Path:
        return self.folder / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".json")

    def put(self, key: str, payload: Any, at: datetime) -> None:
        text = json.dumps({"key": key, "at": at.isoformat(), "payload": payload},
                          ensure_ascii=False)
        if len(text) > MAX_BYTES:
            return
        path = self._path(key)
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)

    def get(self, key: str) -> tuple[Any, datetime] | None:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            if data.get("key") != key:
                return None
            return data["payload"], datetime.fromisoformat(data["at"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
