"""Files and state: JSONL/Parquet records, run locks and shards, SQLite caches."""

from sftmine.store.cache import Cache, MemoryCache
from sftmine.store.funnel import Funnel
from sftmine.store.jsonl import (
                                 atomic_path,
                                 read_jsonl,
                                 read_parquet,
                                 read_records,
                                 write_json,
                                 write_jsonl,
                                 write_parquet,
)
from sftmine.store.run import RunLock, shard

__all__ = ["Cache", "Funnel", "MemoryCache", "RunLock", "atomic_path", "read_jsonl", "read_parquet",
           "read_records", "shard", "write_json", "write_jsonl", "write_parquet"]
