"""`counter-ledger channel ...` and `counter-ledger autodebit ...`: channel files and auto-debit."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _read(path: str) -> bytes:
    from .cli import CliError

    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from exc


def _refused(exc) -> int:
    print(f"counter-ledger: refused: {exc}", file=sys.stderr)
    return 1


def cmd_channel_import(args) -> int:
    from hall_domain.channel_files import ChannelFileError
    from hall_domain.money import format_fen

    from .cli import _engine
    from .services.channel_files import import_channel_file

    data = _read(args.file)
    with _engine(args) as engine:
        try:
            r = import_channel_file(engine, data, channel=args.channel, fmt=args.format,
                                    file_name=Path(args.file).name, file_date=args.date,
                                    encoding=args.encoding, actor=args.actor)
        except ChannelFileError as exc:
            return _refused(f"{Path(args.file).name}: {exc}")
    what = "already imported (no change)" if r.status == "already_imported" else "imported"
    print(f"{Path(args.file).name}: {what}: file #{r.file_id}, channel {r.channel}, {r.format}, "
          f"{r.file_date}, {r.line_count} lines, net {format_fen(r.total_fen)}, "
          f"fees {format_fen(r.fee_fen)}")
    return 0


def cmd_channel_files(args) -> int:
    from .cli import _engine
    from .services.channel_files import channel_files

    with _engine(args) as engine:
        rows = channel_files(engine, channel=args.channel, on=args.date)
    print(json.dumps(rows, ensure_ascii=False, indent=2))
    return 0


def cmd_profile_add(args) -> int:
    from hall_domain.channel_files import ChannelFileError

    from .cli import CliError, _engine
    from .services.channel_files import add_profile

    try:
        spec = json.loads(_read(args.file).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CliError(f"{args.file} is not UTF-8 JSON: {exc}") from exc
    with _engine(args) as engine:
        try:
            pid = add_profile(engine, spec, actor=args.actor)
        except ChannelFileError as exc:
            return _refused(exc)
    print(f"profile {pid} added: counter-ledger channel import --format {pid} ...")
    return 0


def cmd_profile_list(args) -> int:
    from .cli import _engine
    from .services.channel_files import list_profiles

    with _engine(args) as engine:
        print(json.dumps(list_profiles(engine), ensure_ascii=False, indent=2))
    return 0


def cmd_mandates_import(args) -> int:
    from hall_domain.channel_files import ChannelFileError

    from .cli import _engine
    from .services.autodebit import import_mandates

    with _engine(args) as engine:
        try:
            c = import_mandates(engine, _read(args.file), encoding=args.encoding)
        except ChannelFileError as exc:
            return _refused(f"{Path(args.file).name}: {exc}")
    print(f"mandates: {c['added']} added, {c['updated']} updated, {c['unchanged']} unchanged")
    return 0


def cmd_autodebit_export(args) -> int:
    from hall_domain.money import format_fen

    from .cli import CliError, _engine
    from .services.autodebit import export_requests

    with _engine(args) as engine:
        text, count, total = export_requests(engine, args.bank, args.date, actor=args.actor)
    data = text.encode(args.encoding if args.encoding.lower() != "gbk" else "gb18030")
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        raise CliError(f"cannot write {args.out}: {exc.strerror}") from exc
    print(f"{args.out}: {count} debit request(s), {format_fen(total)}")
    return 0


def cmd_autodebit_results(args) -> int:
    from hall_domain.channel_files import ChannelFileError

    from .cli import _engine
    from .services.autodebit import apply_results

    with _engine(args) as engine:
        try:
            r = apply_results(engine, _read(args.file), file_name=Path(args.file).name,
                              encoding=args.encoding, actor=args.actor)
        except ChannelFileError as exc:
            return _refused(f"{Path(args.file).name}: {exc}")
    if r["status"] == "already_imported":
        print(f"{Path(args.file).name}: already applied (no change)")
    else:
        print(f"{Path(args.file).name}: {r['succeeded']} debit(s) booked as payments, "
              f"{r['failed']} failed (kept with the bank's reason)")
    return 0


def cmd_autodebit_failures(args) -> int:
    from .cli import _engine
    from .services.autodebit import failed_debits

    with _engine(args) as engine:
        rows = failed_debits(engine, hall_id=args.hall, account_no=args.account)
    print(json.dumps(rows, ensure_ascii=False, indent=2))
    return 0


def register(sub, command) -> None:
    """Hook the commands into counter-ledger's parser (`command` adds the --db options)."""
    from .cli import _db_options, _iso_date

    def nested(parent_name: str, help: str):
        parent = sub.add_parser(parent_name, help=help, description=help)
        return parent.add_subparsers(dest=f"{parent_name}_command", required=True,
                                     metavar="ACTION")

    def leaf(group, name: str, fn, help: str) -> argparse.ArgumentParser:
        p = group.add_parser(name, help=help, description=help)
        _db_options(p)
        p.set_defaults(fn=fn)
        p.add_argument("--actor", default="cli", metavar="ID",
                       help="the person's id recorded with the change")
        return p

    channel = nested("channel", "channel files (bank agency, WeChat Pay, Alipay, camt.053)")
    p = leaf(channel, "import", cmd_channel_import,
             "import a channel's daily file: all lines or none; the same file again is a no-op")
    p.add_argument("--channel", required=True, metavar="ID", help="e.g. icbc, wechat, alipay")
    p.add_argument("--format", required=True, metavar="FORMAT",
                   help="bank-pipe (or another bank profile), wechat, alipay, camt053")
    p.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                   help="the file's business date (default: the date most lines carry)")
    p.add_argument("--encoding", metavar="NAME",
                   help="utf-8 or gbk (default: the format's own)")
    p.add_argument("file", metavar="FILE")
    p = leaf(channel, "files", cmd_channel_files, "list imported channel files (JSON)")
    p.add_argument("--channel", metavar="ID")
    p.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD")
    profile = channel.add_parser("profile", help="bank file layouts kept as data")
    psub = profile.add_subparsers(dest="profile_command", required=True, metavar="ACTION")
    p = leaf(psub, "add", cmd_profile_add, "add a bank's layout from a JSON profile")
    p.add_argument("file", metavar="FILE.json")
    leaf(psub, "list", cmd_profile_list, "the known profiles (JSON)")

    auto = nested("autodebit", "auto-debit (代扣): mandates, debit requests, the bank's answer")
    p = leaf(auto, "mandates", cmd_mandates_import,
             "import mandates (CSV 户号,银行代码,银行账号,户名,签约日期,状态); all rows or none")
    p.add_argument("--encoding", default="utf-8", metavar="NAME")
    p.add_argument("file", metavar="FILE")
    p = leaf(auto, "export", cmd_autodebit_export,
             "write the debit request file of a bank for a date (bank-pipe layout, control "
             "totals first); asked again, the same file")
    p.add_argument("--bank", required=True, metavar="ID")
    p.add_argument("--date", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--encoding", default="utf-8", metavar="NAME")
    p = leaf(auto, "results", cmd_autodebit_results,
             "apply the bank's answer: successes booked once, failures kept with the reason")
    p.add_argument("--encoding", default="utf-8", metavar="NAME")
    p.add_argument("file", metavar="FILE")
    p = leaf(auto, "failures", cmd_autodebit_failures,
             "failed debits with the bank's reason (JSON), for dunning")
    p.add_argument("--hall", metavar="ID")
    p.add_argument("--account", metavar="ACCOUNT")
