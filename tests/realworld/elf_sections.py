"""The corpus's rule for compiled members: two ELF files compared section by section.

Two compilations of the same source (`pyrelease build` and `python -m build` each unpack the sdist
into their own random temporary directory) differ where that directory is written down: the debug
info (DW_AT_comp_dir, DW_AT_name and the line tables), the build ID (a hash over the whole output,
debug info included), and the directories of the symbol table's source-file symbols (CMake passes
absolute source paths). Everything else - code, data, relocations, dynamic symbols, program headers
and every other section's bytes, and every symbol but a file symbol's directory - must be equal.

`compare_elf(a, b)` returns (differing sections the rule accepts, differing sections it does not),
so the harness names both: a difference in .text or .rodata is a real difference, never a pass.
"""
import fnmatch
import os
import struct

ELF_MAGIC = b"\x7fELF"
# Where two builds of one source in different directories may differ (see the module text).
BUILD_PATH_SECTIONS = (".debug_*", ".zdebug_*", ".note.gnu.build-id")
SYMBOL_TABLES = (".symtab", ".strtab")
STT_FILE = 4
# The debug string tables: the strings only one side holds must be paths (the build directory).
PATH_STRING_SECTIONS = (".debug_str", ".debug_line_str")


def is_elf(data):
    return data[:4] == ELF_MAGIC


class ElfError(ValueError):
    pass


def _layout(data):
    """(struct prefix, is 64-bit) of an ELF file, from its identification bytes."""
    if len(data) < 52 or not is_elf(data):
        raise ElfError("not an ELF file")
    klass, order = data[4], data[5]
    if klass not in (1, 2) or order not in (1, 2):
        raise ElfError(f"unknown ELF class {klass} or byte order {order}")
    return ("<" if order == 1 else ">"), klass == 2


def sections(data):
    """({name: (type, flags, addr, link, entsize, bytes)}, program header bytes) of an ELF file."""
    e, is64 = _layout(data)
    if is64:
        phoff, shoff = struct.unpack_from(e + "QQ", data, 32)
        phentsize, phnum, shentsize, shnum, shstrndx = struct.unpack_from(e + "HHHHH", data, 54)
        sh_fmt = e + "IIQQQQIIQQ"
    else:
        phoff, shoff = struct.unpack_from(e + "II", data, 28)
        phentsize, phnum, shentsize, shnum, shstrndx = struct.unpack_from(e + "HHHHH", data, 42)
        sh_fmt = e + "IIIIIIIIII"
    if shoff + shnum * shentsize > len(data) or phoff + phnum * phentsize > len(data):
        raise ElfError("section or program headers past the end of the file")
    raw = []
    for i in range(shnum):
        name, typ, flags, addr, off, size, link, _, _, entsize = struct.unpack_from(sh_fmt, data, shoff + i * shentsize)
        body = b"" if typ == 8 else data[off:off + size]  # SHT_NOBITS (.bss) has no bytes in the file
        raw.append((name, typ, flags, addr, link, entsize, body))
    if not raw or shstrndx >= len(raw):
        raise ElfError("no section name table")
    names = raw[shstrndx][6]
    out = {}
    for name, typ, flags, addr, link, entsize, body in raw:
        text = names[name:names.index(b"\0", name)].decode("utf-8", "replace") if name < len(names) else "?"
        link_name = raw[link][0] if link < len(raw) else 0
        link_text = names[link_name:names.index(b"\0", link_name)].decode("utf-8", "replace")
        key, n = text, 2
        while key in out:  # a name given twice (.rela sections of a relocatable object)
            key, n = f"{text}#{n}", n + 1
        out[key] = (typ, flags, addr, link_text, entsize, body)
    return out, data[phoff:phoff + phnum * phentsize], e, is64


def _symbols(secs, e, is64):
    """The symbol table as comparable tuples, a file symbol reduced to its base name."""
    if ".symtab" not in secs:
        return None
    body, strtab = secs[".symtab"][5], secs.get(secs[".symtab"][3], (0, 0, 0, "", 0, b""))[5]
    fmt, size = (e + "IBBHQQ", 24) if is64 else (e + "IIIBBH", 16)
    out = []
    for off in range(0, len(body) - size + 1, size):
        if is64:
            name, info, other, shndx, value, sz = struct.unpack_from(fmt, body, off)
        else:
            name, value, sz, info, other, shndx = struct.unpack_from(fmt, body, off)
        text = strtab[name:strtab.find(b"\0", name)] if name < len(strtab) else b"?"
        if info & 0xF == STT_FILE:
            text = os.path.basename(text)
        out.append((text, info, other, shndx, value, sz))
    return out


def _only_paths_differ(a, b):
    """Whether the strings only one of two string tables holds are all paths (hold a '/')."""
    return all(b"/" in t for t in set(a.split(b"\0")) ^ set(b.split(b"\0")))


def compare_elf(a, b):
    """([differing sections the build-path rule accepts], [differing sections it does not]) of two
    ELF files; both empty when the bytes are equal section by section. `(program headers)` and
    `(section list)` stand for the program header table and the set of section names."""
    sa, pha, ea, a64 = sections(a)
    sb, phb, eb, b64 = sections(b)
    accepted, real = [], []
    if (ea, a64) != (eb, b64):
        return [], ["(ELF class or byte order)"]
    if pha != phb:
        real.append("(program headers)")
    if set(sa) != set(sb):
        real.append("(section list: " + ", ".join(sorted(set(sa) ^ set(sb))) + ")")
    symbols_equal = _symbols(sa, ea, a64) == _symbols(sb, eb, b64)
    for name in sorted(set(sa) & set(sb)):
        if sa[name] == sb[name]:
            continue
        if name in PATH_STRING_SECTIONS and not _only_paths_differ(sa[name][5], sb[name][5]):
            real.append(f"{name} (a string that is not a path)")
        elif any(fnmatch.fnmatchcase(name, p) for p in BUILD_PATH_SECTIONS):
            accepted.append(name)
        elif name in SYMBOL_TABLES and symbols_equal and sa[name][:5] == sb[name][:5]:
            accepted.append(f"{name} (file symbols' directories)")
        else:
            real.append(name)
    return accepted, real
