"""Help → About names the version, the icon, the terminal and the data folder."""

from __future__ import annotations

import pytest

from counter_app import __version__

pytestmark = pytest.mark.gui


def test_about_box_shows_version_terminal_and_data_folder(qtbot, window, ctx):
    assert window.act_about in window.menu_help.actions()
    window.act_about.trigger()
    box = window.notice
    qtbot.waitUntil(box.isVisible)
    assert __version__ in box.text()
    details = box.informativeText()
    assert ctx.terminal_id in details and str(ctx.data_dir) in details
    assert not box.iconPixmap().isNull()
    box.accept()


def test_about_box_in_chinese(qtbot, make_ctx, make_window):
    from counter_app.config import Config

    cfg = Config()
    cfg.set("ui.language", "zh_CN")
    window = make_window(make_ctx(cfg))
    window.act_about.trigger()
    box = window.notice
    qtbot.waitUntil(box.isVisible)
    assert window.act_about.text() == "关于营业厅柜台收费"
    assert "营业厅柜台收费" in box.text() and "数据文件夹" in box.informativeText()
    box.accept()
