"""Counter-window fixtures: a real demo store per test (copied from one built per session)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from counter_app.bootstrap import STORE_FILE_NAME, CounterApp, bootstrap
from counter_app.config import Config
from counter_app.demo import DemoCustomer, build_demo_store, generate_customers
from tests.helpers.ui import DEMO_CUSTOMERS, DEMO_SEED, Clock, activate, drain


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo-template") / STORE_FILE_NAME
    build_demo_store(path, customers=DEMO_CUSTOMERS, seed=DEMO_SEED, terminal_id="T01")
    return path


@pytest.fixture(scope="session")
def demo_customers() -> list[DemoCustomer]:
    return list(generate_customers(DEMO_CUSTOMERS, seed=DEMO_SEED))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_ctx(tmp_path, demo_template, clock):
    """Build contexts on a private copy of the demo store; all closed at teardown."""
    made: list[CounterApp] = []

    def make(config: Config | None = None, *, demo: bool = True) -> CounterApp:
        data_dir = tmp_path / f"data{len(made)}"
        data_dir.mkdir()
        shutil.copy(demo_template, data_dir / STORE_FILE_NAME)
        ctx = bootstrap(config=config or Config(), data_dir=data_dir, demo=demo, clock=clock)
        made.append(ctx)
        return ctx

    yield make
    drain()
    for ctx in made:
        ctx.close()


@pytest.fixture
def ctx(make_ctx) -> CounterApp:
    return make_ctx()


@pytest.fixture
def make_window(qtbot, qapp):
    """A shown counter window on a context (language from its config, idle lock long)."""
    from counter_app.ui.app import build_window, make_application, prepare

    windows = []

    def make(ctx: CounterApp, **kwargs):
        app = make_application()
        prepare(app, ctx)
        kwargs.setdefault("idle_lock_ms", 60 * 60 * 1000)
        window = build_window(ctx, **kwargs)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        activate(qtbot, window)  # shortcuts (F-keys) go to the active window
        windows.append(window)
        return window

    yield make
    for window in windows:
        qapp.removeEventFilter(window.idle)  # the window itself goes with qtbot's cleanup
    drain()


@pytest.fixture
def window(make_window, ctx):
    return make_window(ctx)




@pytest.fixture(autouse=True)
def _english_after_each_test(qapp):
    """The window tests install the Chinese catalogue and the style sheet on the shared
    QApplication; take them off again so other tests see the English source strings."""
    yield
    from counter_app.ui import i18n

    if i18n.current_language() != "en":
        i18n.install_language("en")
    qapp.setStyleSheet("")
