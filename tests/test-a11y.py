#!/usr/bin/python3
# test-a11y.py — walks Tongket's accessibility tree as a screen reader sees
# it (AT-SPI, through dogtail) and fails on an interactive element without
# a name — none, or the type name GTK 4.8 falls back to ("GtkMenuButton"):
# the main window with every area (GTK exposes the pages of a stack that
# are not shown too: the task editor, the report, every section of the
# ceremony the page opens on), the task editor's Add Stage and Add
# Transfer dialogs, Preferences, the Keyboard Shortcuts
# window and the About window.  The last two are the libraries' own
# windows: what they leave unnamed is reported as TODO.  TAP on stdout.
#
# Run by meson under Xvfb (it starts a D-Bus session of its own):
#   xvfb-run -a tests/test-a11y.py
# with TKT_APP and TKT_CLI naming the programs.  Needs the Debian python
# (/usr/bin/python3) with python3-dogtail, and at-spi2-core.
#
# Copyright 2025 The Tongket authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import tempfile
import time

# TAP goes to the real standard output, and everything else — dogtail's
# messages, the accessibility bus and registry daemons, which print to the
# session's standard output — to the standard error: the script runs
# itself again in a D-Bus session of its own with the two swapped.
if 'TKT_A11Y_TAP_FD' not in os.environ:
    tap_fd = os.dup(1)
    os.set_inheritable(tap_fd, True)
    os.dup2(2, 1)
    os.environ['TKT_A11Y_TAP_FD'] = str(tap_fd)
    # GLib's fatal warnings are for Tongket's own tests, not for the
    # daemons, dogtail or GTK's warning that X11 has no screen coordinates
    # for AT-SPI.
    os.environ.pop('G_DEBUG', None)
    os.execvp('dbus-run-session', ['dbus-run-session', '--', sys.executable, os.path.abspath(__file__)])

TAP = os.fdopen(int(os.environ['TKT_A11Y_TAP_FD']), 'w')

import dogtail.utils  # noqa: E402

# dogtail asks GSettings whether accessibility is on; the session is ours.
dogtail.utils.isA11yEnabled = lambda: True

from dogtail import rawinput, tree  # noqa: E402
from dogtail.config import config  # noqa: E402

config.searchCutoffCount = 30
config.defaultDelay = 0.3
config.actionDelay = 0.3
config.typingDelay = 0.05

# Roles a user acts on: each needs a name a screen reader can say.
INTERACTIVE = {
    'push button', 'toggle button', 'check box', 'radio button', 'combo box',
    'entry', 'password text', 'spin button', 'slider', 'switch', 'menu item',
    'check menu item', 'radio menu item', 'link', 'page tab',
}

TYPE_NAME = re.compile(r'(Gtk|Adw|Tkt|Gdk)[A-Z][A-Za-z]*')

results = []


def tap(ok, description, diagnostics=()):
    results.append(ok)
    TAP.write(('ok' if ok else 'not ok') + ' %d %s\n' % (len(results), description))
    for line in diagnostics:
        TAP.write('# ' + line + '\n')
    TAP.flush()


def walk(node, path, out):
    out.append((node, path))
    try:
        # GTK 4.8 does not announce every change of children: read anew.
        node.clearCache()
    except Exception:
        pass
    try:
        children = node.children
    except Exception:
        children = []
    here = '%s "%s"' % (node.roleName, node.name)
    for child in children:
        walk(child, path + [here], out)
    return out


WORD = re.compile(r'\w+')


def repeats_itself(name):
    """A name said twice, whole, its start again at its end, or a quoted
    part again at its end: what GTK 4.8 makes of a label property beside a
    labelled-by relation ("Ngày Ngày", "Ngân sách trung ương, tính bằng
    đồng Ngân sách trung ương", "Edit “Bằng khen” Bằng khen")."""
    words = WORD.findall(name.lower())
    n = len(words)
    if n >= 2 and n % 2 == 0 and words[:n // 2] == words[n // 2:]:
        return True
    if any(words[:k] == words[-k:] for k in range(2, n // 2 + 1)):
        return True
    # a row's title after a name that already quotes it: "Edit “Bằng khen” Bằng khen"
    quoted = re.findall(r'“([^”]+)”', name)
    return any(name.endswith('” ' + q) for q in quoted)


def check(root, what, library=False):
    nodes = walk(root, [], [])
    unnamed = []
    for node, path in nodes:
        try:
            role, name = node.roleName, (node.name or '').strip()
        except Exception:
            continue
        # GTK 4.8 gives a widget without a name its type's name ("GtkMenuButton").
        if role in INTERACTIVE and (not name or TYPE_NAME.fullmatch(name)):
            unnamed.append('%s "%s" in %s' % (role, name, ' > '.join(path[-6:])))
        elif name and repeats_itself(name):
            unnamed.append('%s "%s" (said twice) in %s' % (role, name, ' > '.join(path[-6:])))
    n_interactive = sum(1 for n, _ in nodes if n.roleName in INTERACTIVE)
    description = ('%s: %d elements, %d interactive, every one named, no name said twice'
                   % (what, len(nodes), n_interactive))
    if library and unnamed:
        # Widgets the library makes inside its own window, which Tongket
        # cannot name: reported, not failed (TAP TODO).
        description = ('%s: %d elements, %d interactive, %d without a name, made by GTK 4.8 / '
                       'libadwaita 1.2 themselves # TODO' % (what, len(nodes), n_interactive, len(set(unnamed))))
    ok = not unnamed and n_interactive > 0
    tap(ok, description, sorted(set(unnamed))[:100])
    if library and not ok and n_interactive > 0:
        results[-1] = True   # an expected failure (not ok … # TODO)
    return nodes


def wait_for(predicate, seconds=10):
    until = time.time() + seconds
    while time.time() < until:
        try:
            found = predicate()
        except Exception:
            found = None
        if found:
            return found
        time.sleep(0.2)
    return None


def window(app, name):
    """The application's window whose title contains name."""
    return wait_for(lambda: next((w for w in app.children if name in (w.name or '')), None))


def dialog_check(app, main_window, button_name, what):
    """Clicks the main window's button_name and checks the window it opens."""
    names = [w.name for w in app.children]
    button = wait_for(lambda: next((n for n, _ in walk(main_window, [], [])
                                    if n.roleName == 'push button' and n.name == button_name
                                    and n.sensitive), None))
    if button is None:
        tap(False, '%s: a sensitive "%s" button in the main window' % (what, button_name))
        return
    button.doActionNamed('click')
    dialog = wait_for(lambda: next((w for w in app.children if w.name not in names), None), 8)
    if dialog is None:
        tap(False, '%s opens' % what,
            ['windows: ' + ', '.join('%s "%s"' % (w.roleName, w.name) for w in app.children)])
        return
    check(dialog, what)
    rawinput.keyCombo('Escape')
    wait_for(lambda: all(w.name in names for w in app.children), 5)


def main():
    app_path = os.environ['TKT_APP']
    cli_path = os.environ['TKT_CLI']
    folder = tempfile.mkdtemp(prefix='tkt-a11y-')
    db = os.path.join(folder, 'tongket.db')
    subprocess.run([cli_path, '--db', db, 'demo'], check=True, stdout=subprocess.DEVNULL)

    bus = subprocess.Popen(['/usr/libexec/at-spi-bus-launcher', '--launch-immediately'])
    time.sleep(0.5)
    env = dict(os.environ, GTK_A11Y='atspi')
    env.pop('NO_AT_BRIDGE', None)

    application = subprocess.Popen([app_path, '--db', db], env=env)
    TAP.write('1..7\n')
    TAP.flush()
    try:
        app = wait_for(lambda: tree.root.application('tongket'), 30)
        if app is None:
            tap(False, 'the application shows in the accessibility tree')
            return
        try:
            # GTK 4.8 does not announce every new child: no client cache.
            from gi.repository import Atspi
            app.set_cache_mask(Atspi.Cache.NONE)
        except Exception as error:
            TAP.write('# no cache control: %s\n' % error)
        main_window = window(app, 'Tongket')
        check(main_window, 'main window, every area')

        # The task editor's two dialogs, opened from their buttons on a new
        # task (Ctrl+N: nothing is selected at start).
        rawinput.keyCombo('<Control>n')
        time.sleep(1)
        for button_name, what in (('Add Stage', 'the Add Stage dialog'),
                                  ('Add Transfer', 'the Add Transfer dialog')):
            dialog_check(app, main_window, button_name, what)

        # Preferences, the Keyboard Shortcuts, About.
        rawinput.keyCombo('<Control>comma')
        preferences = window(app, 'Preferences')
        if preferences is None:
            tap(False, 'Preferences opens on Ctrl+,')
        else:
            check(preferences, 'Preferences')
            rawinput.keyCombo('Escape')
            time.sleep(0.5)

        rawinput.keyCombo('<Control><Shift>question')
        shortcuts = window(app, 'Shortcuts')
        if shortcuts is None:
            tap(False, 'Keyboard Shortcuts opens on Ctrl+?',
                ['windows: ' + ', '.join('%s "%s"' % (w.roleName, w.name) for w in app.children)])
        else:
            check(shortcuts, 'Keyboard Shortcuts (GtkShortcutsWindow)', library=True)
            rawinput.keyCombo('Escape')
            time.sleep(0.5)

        # About, from the main menu by keyboard (F10 opens it; its last item).
        rawinput.keyCombo('F10')
        time.sleep(0.8)
        rawinput.keyCombo('Up')
        time.sleep(0.3)
        rawinput.keyCombo('Return')
        about = wait_for(lambda: next((w for w in app.children if w.name != 'Tongket'), None), 8)
        if about is None:
            tap(False, 'About opens from the main menu',
                ['windows: ' + ', '.join('%s "%s"' % (w.roleName, w.name) for w in app.children)])
        else:
            check(about, 'About (AdwAboutWindow)', library=True)
            rawinput.keyCombo('Escape')

        tap(application.poll() is None, 'the application is still running')
    finally:
        application.terminate()
        try:
            application.wait(10)
        except subprocess.TimeoutExpired:
            application.kill()
        bus.terminate()
        subprocess.run(['rm', '-rf', folder])


main()
sys.exit(0 if all(results) and results else 1)
