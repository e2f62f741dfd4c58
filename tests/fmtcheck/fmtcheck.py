#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# The build's format check (include/xio.h): reads preprocessed C (cc -E
# output, so macros such as the inttypes.h PRI ones are expanded and
# adjacent literals can be joined), finds every function declared with a
# printf format attribute in the project's own files, and checks every
# string literal passed as such a function's format against the subset
# xio.c's formatter implements. gcc only checks formats against the full
# printf rules, which accept much that the formatter refuses at run time.
# A format that is not a literal is left to gcc: -Wformat=2 (in the build's
# flags) rejects any that does not come from a checked caller's own
# format parameter. A literal given to a function declared format_arg
# (include/msg.h's xm_msg_) is checked as a format too. Exit 0 when all are in the subset, 1 with one line
# per offence (file:line: ...) otherwise, 2 on a usage or read error.
#
#   fmtcheck.py [--dir DIR]... FILE.i...
#     --dir DIR   only declarations and calls in files under DIR count
#                 (default: src/ and include/ beside this script's tests/)
#     --list      print each format checked (file:line: "...")
import os
import re
import sys

# Must equal XM_FMT_WIDTH_MAX in include/xio.h (a unit test checks the
# formatter at this bound, tests/fmtcheck/test_fmtcheck.sh this script).
WIDTH_MAX = 4096

TOKEN = re.compile(r'''
    (?P<nl>\n)
  | (?P<ws>[ \t\r\f\v]+)
  | (?P<str>(?:u8|u|U|L)?"(?:\\.|[^"\\\n])*")
  | (?P<chr>(?:u8|u|U|L)?'(?:\\.|[^'\\\n])*')
  | (?P<id>[A-Za-z_]\w*)
  | (?P<num>\.?\d(?:[eEpP][+-]|[\w.])*)
  | (?P<op>\.\.\.|.)
''', re.X | re.S)
MARKER = re.compile(r'#(?:line)?\s*(\d+)\s*(?:"((?:\\.|[^"\\])*)")?')
ESCAPES = {'n': '\n', 't': '\t', 'r': '\r', 'a': '\a', 'b': '\b', 'f': '\f',
           'v': '\v', 'e': '\x1b', '\\': '\\', '"': '"', "'": "'", '?': '?'}
# What printf accepts, spelled out to show an offending spec whole and
# say what in it is outside the subset.
PRINTF_SPEC = re.compile(r"%(?P<pos>\d+\$)?(?P<flags>[-+ #0'I]*)"
                         r"(?P<width>\*(?:\d+\$)?|\d+)?"
                         r"(?P<prec>\.(?:\*(?:\d+\$)?|\d*))?"
                         r"(?P<len>hh|h|ll|l|L|q|j|z|Z|t)?(?P<conv>.?)", re.S)
# The subset (include/xio.h), one spec.
SUBSET = re.compile(r"%(?:%|(?P<flags>[-0]*)(?P<width>\*|[1-9][0-9]*)?"
                    r"(?:(?P<len>ll|l|z)?(?P<int>[diuxX])|(?P<chr>[cs])))",
                    re.S)


class Tok:
    __slots__ = ('kind', 'text', 'file', 'line')

    def __init__(self, kind, text, file, line):
        self.kind, self.text, self.file, self.line = kind, text, file, line


def tokenize(text):
    """Tokens of cc -E output, each with the source file and line."""
    toks, file, line, bol = [], '?', 1, True
    pos, n = 0, len(text)
    while pos < n:
        if bol:
            m = re.match(r'[ \t]*#[^\n]*', text[pos:pos + 4096])
            if m:
                mk = MARKER.match(m.group(0).strip())
                if mk:
                    line = int(mk.group(1)) - 1
                    if mk.group(2) is not None:
                        file = mk.group(2)
                pos += m.end()  # the newline after it counts the line
                continue
        m = TOKEN.match(text, pos)
        kind = m.lastgroup
        pos = m.end()
        bol = kind == 'nl' or (bol and kind == 'ws')
        if kind == 'nl':
            line += 1
        elif kind != 'ws':
            toks.append(Tok(kind, m.group(0), file, line))
    return toks


def decode(lit):
    """The characters of one string literal (escapes resolved)."""
    body = lit[lit.index('"') + 1:-1]
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != '\\':
            out.append(c)
            i += 1
            continue
        c = body[i + 1]
        m = re.match(r'[0-7]{1,3}', body[i + 1:])
        if m:
            out.append(chr(int(m.group(0), 8)))
            i += 1 + m.end()
        elif c in 'xuU':
            m = re.match(r'[0-9a-fA-F]+', body[i + 2:])
            out.append(chr(int(m.group(0), 16) if m else 0))
            i += 2 + (m.end() if m else 0)
        else:
            out.append(ESCAPES.get(c, c))
            i += 2
    return ''.join(out)


def offences(fmt):
    """(spec, why) for each conversion of @fmt outside the subset."""
    bad, i = [], 0
    while True:
        i = fmt.find('%', i)
        if i < 0:
            return bad
        m = SUBSET.match(fmt, i)
        why = None
        if not m:
            p = PRINTF_SPEC.match(fmt, i)
            spec = p.group(0)
            why = why_not(p)
        else:
            spec = m.group(0)
            flags = m.group('flags') or ''
            w = m.group('width') or ''
            if len(set(flags)) != len(flags):
                why = 'a repeated flag'
            elif '-' in flags and '0' in flags:
                why = "flags '-' and '0' together"
            elif '0' in flags and m.group('chr'):
                why = "flag '0' with %c or %s"
            elif w.isdigit() and int(w) > WIDTH_MAX:
                why = 'a width over %d' % WIDTH_MAX
        if why:
            bad.append((spec, why))
        i += max(len(spec), 1)


def why_not(p):
    """What in printf spec @p (a PRINTF_SPEC match) is not in the subset."""
    other = sorted(set(p.group('flags')) - set('-0'))
    conv, length = p.group('conv'), p.group('len')
    if not conv:
        return 'a conversion missing at the end'
    if p.group('pos') or '$' in (p.group('width') or ''):
        return 'a position (n$)'
    if other:
        return 'flag ' + ' '.join("'%s'" % f for f in other)
    if p.group('prec'):
        return 'a precision'
    if conv == '%':
        return 'flags, width or length with %%'
    if conv not in 'diuxXcs':
        return 'conversion %' + conv
    if length in ('l', 'll', 'z'):
        return 'length %s with %%%s' % (length, conv)
    return 'length ' + length


def under(path, dirs):
    p = os.path.realpath(path)
    return any(p == d or p.startswith(d + os.sep) for d in dirs)


def match_paren(toks, i, step):
    """Index of the bracket matching toks[i] ('(' forward, ')' back)."""
    depth = 0
    opens, closes = ('(', ')') if step > 0 else (')', '(')
    while 0 <= i < len(toks):
        t = toks[i].text
        if t == opens:
            depth += 1
        elif t == closes:
            depth -= 1
            if depth == 0:
                return i
        i += step
    return -1


def attributed(toks, dirs, errors):
    """{function name: format argument index} from format attributes."""
    funcs = {}
    for i, t in enumerate(toks):
        if t.text not in ('format', '__format__', 'format_arg',
                          '__format_arg__'):
            continue
        if i + 2 >= len(toks) or toks[i + 1].text != '(' or \
           not under(t.file, dirs):
            continue
        # Back to the __attribute__ this sits in.
        a = i
        while a > 0 and toks[a].text != '__attribute__':
            a -= 1
        if toks[a].text != '__attribute__' or i - a > 16:
            continue
        if 'arg' in t.text:
            # format_arg(N): argument N is a format the function hands
            # back (include/msg.h), so a literal there is checked too.
            idx = toks[i + 2].text
        else:
            arch = toks[i + 2].text.strip('_')
            if arch not in ('printf', 'gnu_printf'):
                continue
            idx = toks[i + 4].text if i + 4 < len(toks) else ''
        end = match_paren(toks, a + 1, 1)
        name = None
        if a > 0 and toks[a - 1].text == ')':
            # int f(...) __attribute__((...));
            o = match_paren(toks, a - 1, -1)
            if o > 0 and toks[o - 1].kind == 'id':
                name = toks[o - 1].text
        else:
            # static void __attribute__((...)) f(...)
            for j in range(end + 1, min(end + 40, len(toks) - 1)):
                if toks[j].kind == 'id' and toks[j + 1].text == '(' and \
                   toks[j].text != '__attribute__':
                    name = toks[j].text
                    break
                if toks[j].text in (';', '{', '='):
                    break
        if not name or not idx.isdigit():
            errors.append('%s:%d: a printf format attribute fmtcheck cannot '
                          'tie to a function' % (t.file, t.line))
            continue
        funcs[name] = int(idx)
    return funcs


def calls(toks, funcs, dirs):
    """(name, [string-literal token runs]) of each format argument."""
    for i, t in enumerate(toks):
        if t.kind != 'id' or t.text not in funcs or i + 1 >= len(toks) or \
           toks[i + 1].text != '(' or not under(t.file, dirs):
            continue
        want, arg, depth, runs, run = funcs[t.text], 1, 0, [], []
        for j in range(i + 1, len(toks)):
            x = toks[j]
            if x.text in '([{':
                depth += 1
                if depth == 1:
                    continue
            elif x.text in ')]}':
                depth -= 1
                if depth == 0:
                    break
            elif x.text == ',' and depth == 1:
                arg += 1
                continue
            if arg != want:
                continue
            if x.kind == 'str':
                run.append(x)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        yield t.text, runs


def main(argv):
    here = os.path.dirname(os.path.realpath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    dirs, files, listing = [], [], False
    it = iter(argv)
    for a in it:
        if a == '--dir':
            dirs.append(os.path.realpath(next(it, '')))
        elif a == '--list':
            listing = True
        elif a.startswith('-'):
            print('usage: fmtcheck.py [--dir DIR]... [--list] FILE.i...',
                  file=sys.stderr)
            return 2
        else:
            files.append(a)
    if not dirs:
        dirs = [os.path.join(root, 'src'), os.path.join(root, 'include')]
    if not files:
        print('fmtcheck: no preprocessed files given', file=sys.stderr)
        return 2
    errors, nfmt, names = [], 0, set()
    for path in files:
        try:
            with open(path, encoding='utf-8', errors='surrogateescape') as f:
                toks = tokenize(f.read())
        except OSError as e:
            print('fmtcheck: %s: %s' % (path, e.strerror), file=sys.stderr)
            return 2
        funcs = attributed(toks, dirs, errors)
        names.update(funcs)
        seen = set()
        for name, runs in calls(toks, funcs, dirs):
            for run in runs:
                # A literal handed to a format_arg function inside a
                # printf-like call is one format, checked once.
                if id(run[0]) in seen:
                    continue
                seen.add(id(run[0]))
                fmt = ''.join(decode(x.text) for x in run)
                nfmt += 1
                if listing:
                    print('%s:%d: %s %s' % (run[0].file, run[0].line, name,
                                            ' '.join(x.text for x in run)))
                for spec, why in offences(fmt):
                    errors.append("%s:%d: %s: %s is outside xio's printf "
                                  'subset, %s (include/xio.h): "%s"' %
                                  (run[0].file, run[0].line, name, spec, why,
                                   fmt.encode('unicode_escape').decode()))
    for e in sorted(set(errors), key=errors.index):
        print(e, file=sys.stderr)
    if errors:
        return 1
    print('fmtcheck: %d format strings to %d printf-like functions, all in '
          'the subset' % (nfmt, len(names)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
