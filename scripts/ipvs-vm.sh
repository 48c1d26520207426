#!/usr/bin/env bash
# scripts/ipvs-vm.sh - run a command against a real IPVS kernel, inside a throw-away QEMU VM.
#
# The host kernel has no IPVS.  This boots Debian 12's stock kernel (linux-image-amd64's
# dependency, 6.1.x, non-cloud flavour) under QEMU TCG, shares the host's / read-only over
# 9p (with a tmpfs overlay on top, so writes work but are discarded), chroots into it and
# runs the command with the caller's cwd and environment (plus VERTALIVED_IN_VM=1).
#
#   ipvs-vm.sh setup
#       Idempotent, needs root and the Debian mirrors.  Installs qemu-system-x86 and
#       busybox-static if missing, downloads (never installs) the kernel package into the
#       cache, extracts it, depmods it, extracts an uncompressed vmlinux (PVH boot) and
#       builds a small initramfs.  Cache: $VERTALIVED_VM_CACHE (default
#       /var/tmp/vertalived-ipvs-vm).  Set VERTALIVED_VM_KERNEL_META to use another
#       kernel metapackage than linux-image-amd64.
#
#   ipvs-vm.sh run [--timeout SECONDS] [--share HOSTDIR]... [--timing] [--debug] -- COMMAND...
#       Boots the VM and runs COMMAND.  Its stdout+stderr (merged, from the serial console)
#       are copied to this script's stdout; the exit code is COMMAND's.  --share HOSTDIR
#       (repeatable) mounts HOSTDIR read-write at the same path inside the VM: the only way,
#       besides stdout, to get results out.  COMMAND's stdin is /dev/null.
#       Exit codes: COMMAND's own; 124 timeout (default 600 s; QEMU killed); 125 the VM
#       failed before reporting an exit code (diagnostics on stderr); 2 usage error.
#       --timing (or VERTALIVED_VM_TIMING=1) prints boot/command/total times on stderr;
#       --debug (or VERTALIVED_VM_DEBUG=1) shows the whole unfiltered console.
#
#   ipvs-vm.sh info     prints what setup produced (kernel version, paths, sizes).
#
# No network device is given to the VM (-nic none): it has only lo (brought up) and whatever
# the command creates.  The host's networking is not touched.
set -uo pipefail

PROG=ipvs-vm
CACHE=${VERTALIVED_VM_CACHE:-/var/tmp/vertalived-ipvs-vm}
KERNEL_META=${VERTALIVED_VM_KERNEL_META:-linux-image-amd64}
# Bump when the initramfs layout / init script changes (forces a rebuild on next setup).
INITRD_FORMAT=3

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { log "error: $*"; exit "${DIE_RC:-1}"; }

need_root() { [[ $(id -u) -eq 0 ]] || die "must run as root"; }

find_python() {
    local p
    for p in /usr/bin/python3 "$(command -v python3 2>/dev/null)"; do
        [[ -n $p && -x $p ]] && "$p" -c 'import gzip, zlib' >/dev/null 2>&1 && { PY=$p; return 0; }
    done
    return 1
}

# --------------------------------------------------------------------------------------
# Python helpers (module dependency resolution, vmlinux extraction, cpio writer, console
# filter).  Kept in one blob, run as: "$PY" -c "$PYHELPER" SUBCOMMAND ARGS...
# --------------------------------------------------------------------------------------
read -r -d '' PYHELPER <<'PYEOF'
import os, sys, struct, stat, gzip, io, subprocess

def modname(path):
    b = os.path.basename(path)
    for ext in ('.ko.xz', '.ko.zst', '.ko.gz', '.ko'):
        if b.endswith(ext):
            b = b[:-len(ext)]
            break
    return b.replace('-', '_')

def read_modinfo(path):
    """key=value strings of the .modinfo section of an (uncompressed) ELF64 .ko."""
    with open(path, 'rb') as f:
        data = f.read()
    if data[:4] != b'\x7fELF' or data[4] != 2:
        return []
    shoff, = struct.unpack_from('<Q', data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', data, 0x3a)
    def sh(i):
        return struct.unpack_from('<IIQQQQIIQQ', data, shoff + i * shentsize)
    stroff = sh(shstrndx)[4]
    for i in range(shnum):
        s = sh(i)
        nm = data[stroff + s[0]:data.index(b'\0', stroff + s[0])]
        if nm == b'.modinfo':
            return [x.decode('utf-8', 'replace') for x in data[s[4]:s[4] + s[5]].split(b'\0') if x]
    return []

def cmd_modules(moddir, *wanted):
    """Print the load order (paths relative to moddir) for the wanted modules: every
    module after all its modules.dep dependencies and its softdep 'pre:' modules.
    Wanted names ending in '?' are optional; 'ipvs-schedulers' expands to every IPVS
    scheduler module of this kernel."""
    kver = os.path.basename(os.path.normpath(moddir))
    def rel(p):
        p = p.strip()
        pre = '/lib/modules/%s/' % kver
        if p.startswith(pre):
            p = p[len(pre):]
        return p.lstrip('/')
    deps, bypath = {}, {}
    with open(os.path.join(moddir, 'modules.dep')) as f:
        for line in f:
            if ':' not in line:
                continue
            k, _, v = line.partition(':')
            k = rel(k)
            deps[k] = [rel(x) for x in v.split()]
            bypath[modname(k)] = k
    builtin = set()
    bf = os.path.join(moddir, 'modules.builtin')
    if os.path.exists(bf):
        builtin = {modname(l) for l in open(bf) if l.strip()}
    aliases = {}
    af = os.path.join(moddir, 'modules.alias')
    if os.path.exists(af):
        for l in open(af):
            p = l.split()
            if len(p) == 3 and p[0] == 'alias':
                aliases.setdefault(p[1], []).append(p[2].replace('-', '_'))
    def resolve(tok):
        tok = tok.replace('-', '_')
        if tok in bypath or tok in builtin:
            return tok
        for a in (tok, 'crypto_' + tok, tok.replace('_', '-'), 'crypto-' + tok.replace('_', '-')):
            c = aliases.get(a)
            if c:
                c = sorted(c, key=lambda n: (not n.endswith('_generic'), n))
                return c[0]
        return None
    def softpre(path):
        out = []
        for kv in read_modinfo(os.path.join(moddir, path)):
            if kv.startswith('softdep='):
                words = kv[len('softdep='):].split()
                mode = None
                for w in words:
                    if w.endswith(':'):
                        mode = w[:-1]
                    elif mode == 'pre':
                        out.append(w)
        return out
    names = []
    for w in wanted:
        if w == 'ipvs-schedulers':
            found = []
            for n, p in bypath.items():
                if n.startswith('ip_vs_') and '/ipvs/' in p:
                    with open(os.path.join(moddir, p), 'rb') as f:
                        if b'register_ip_vs_scheduler' in f.read():
                            found.append(n)
            names += sorted(found)
        else:
            names.append(w)
    order, done, active = [], set(), set()
    def add(n, optional=False):
        if n in done or n in active:
            return
        if n in builtin and n not in bypath:
            done.add(n)
            return
        if n not in bypath:
            if optional:
                return
            sys.exit('module %s not found in %s' % (n, moddir))
        active.add(n)
        p = bypath[n]
        for s in softpre(p):
            r = resolve(s)
            if r:
                add(r, optional=True)
        for d in deps.get(p, []):
            add(modname(d))
        active.discard(n)
        done.add(n)
        order.append(p)
    for n in names:
        opt = n.endswith('?')
        add(n.rstrip('?').replace('-', '_'), optional=opt)
    print('\n'.join(order))

def has_pvh_note(elf):
    if elf[:4] != b'\x7fELF' or elf[4] != 2:
        return False
    phoff, = struct.unpack_from('<Q', elf, 0x20)
    phentsize, phnum = struct.unpack_from('<HH', elf, 0x36)
    for i in range(phnum):
        p_type, _, p_offset, _, _, p_filesz, _, _ = struct.unpack_from('<IIQQQQQQ', elf, phoff + i * phentsize)
        if p_type != 4:
            continue
        off, end = p_offset, p_offset + p_filesz
        while off + 12 <= end:
            namesz, descsz, ntype = struct.unpack_from('<III', elf, off)
            name = elf[off + 12:off + 12 + namesz]
            if name.rstrip(b'\0') == b'Xen' and ntype == 18:   # XEN_ELFNOTE_PHYS32_ENTRY
                return True
            off += 12 + ((namesz + 3) & ~3) + ((descsz + 3) & ~3)
    return False

def elf_complete(elf):
    if elf[:4] != b'\x7fELF' or elf[4] != 2:
        return False
    shoff, = struct.unpack_from('<Q', elf, 0x28)
    shentsize, shnum = struct.unpack_from('<HH', elf, 0x3a)
    return shoff + shentsize * shnum <= len(elf)

def cmd_vmlinux(vmlinuz, out):
    """Extract the uncompressed vmlinux (ELF with a PVH note) from a bzImage."""
    data = open(vmlinuz, 'rb').read()
    def try_xz(buf):
        import lzma
        return lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(buf)
    def try_zstd(buf):
        try:
            import zstandard
            return zstandard.ZstdDecompressor().decompressobj().decompress(buf)
        except ImportError:
            pass
        r = subprocess.run(['zstd', '-dcq'], input=buf, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return r.stdout
    def try_gzip(buf):
        import zlib
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(buf)
    methods = [(b'\xfd7zXZ\x00', try_xz), (b'\x28\xb5\x2f\xfd', try_zstd), (b'\x1f\x8b\x08\x00', try_gzip)]
    for magic, fn in methods:
        pos = data.find(magic)
        while pos >= 0:
            try:
                elf = fn(data[pos:])
            except Exception:
                elf = b''
            if elf_complete(elf) and has_pvh_note(elf):
                tmp = out + '.tmp'
                with open(tmp, 'wb') as f:
                    f.write(elf)
                os.rename(tmp, out)
                print('%s: %d bytes (%s at offset %d)' % (out, len(elf), fn.__name__[4:], pos))
                return
            pos = data.find(magic, pos + 1)
    sys.exit('no PVH-capable vmlinux found inside %s' % vmlinuz)

def cmd_cpio(srcdir, out):
    """Write srcdir as a gzip'ed newc cpio (owner root, mtime 0) plus /dev/console and
    /dev/null device nodes."""
    buf = io.BytesIO()
    ino = [1]
    def entry(name, mode, data=b'', nlink=1, rdev=(0, 0)):
        nb = name.encode() + b'\0'
        hdr = '070701' + ''.join('%08X' % v for v in (
            ino[0], mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1], len(nb), 0))
        ino[0] += 1
        buf.write(hdr.encode() + nb)
        buf.write(b'\0' * ((-(110 + len(nb))) % 4))
        buf.write(data)
        buf.write(b'\0' * ((-len(data)) % 4))
    names = []
    for root, dirs, files in os.walk(srcdir):
        dirs.sort()
        for n in sorted(dirs + files):
            names.append(os.path.relpath(os.path.join(root, n), srcdir))
    for n in sorted(names):
        p = os.path.join(srcdir, n)
        st = os.lstat(p)
        if stat.S_ISLNK(st.st_mode):
            entry(n, st.st_mode, os.readlink(p).encode())
        elif stat.S_ISDIR(st.st_mode):
            entry(n, st.st_mode, nlink=2)
        elif stat.S_ISREG(st.st_mode):
            entry(n, st.st_mode, open(p, 'rb').read())
    entry('dev/console', stat.S_IFCHR | 0o600, rdev=(5, 1))
    entry('dev/null', stat.S_IFCHR | 0o666, rdev=(1, 3))
    entry('TRAILER!!!', 0, nlink=1)
    tmp = out + '.tmp'
    with open(tmp, 'wb') as f:
        with gzip.GzipFile(fileobj=f, mode='wb', compresslevel=9, mtime=0) as g:
            g.write(buf.getvalue())
    os.rename(tmp, out)

def cmd_filter(begin, end, rawlog, passthrough):
    """Copy stdin to stdout, but only what lies between the begin line and the end marker."""
    begin = begin.encode() + b'\n'
    end = end.encode()
    passthrough = passthrough == '1'
    stdout = [sys.stdout.buffer]
    def emit(b):
        if stdout[0] is None or not b:
            return
        try:
            stdout[0].write(b)
            stdout[0].flush()
        except (BrokenPipeError, OSError):
            stdout[0] = None          # reader went away: keep draining, stop writing
    tail = b''                        # last 64 KiB of the raw console, for diagnostics
    state, pend = 0, b''
    fd = sys.stdin.fileno()
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        tail = (tail + chunk)[-65536:]
        if passthrough:
            emit(chunk.replace(b'\r\n', b'\n'))
            continue
        if state == 2:
            continue
        pend += chunk
        if state == 0:
            i = pend.find(begin)
            if i < 0:
                pend = pend[-len(begin):]
                continue
            pend = pend[i + len(begin):]
            state = 1
        if state == 1:
            i = pend.find(end)
            if i >= 0:
                emit(pend[:i])
                pend, state = b'', 2
                continue
            keep = len(end) - 1
            if len(pend) > keep:
                emit(pend[:-keep] if keep else pend)
                pend = pend[-keep:] if keep else b''
    if state == 1:
        emit(pend)
    with open(rawlog, 'wb') as f:
        f.write(tail)
    os._exit(0 if state == 2 or passthrough else 3)

def cmd_stage(stage, busybox, moddir, destmoddir, orderfile):
    """Copy busybox + its applet symlinks and the listed modules into the staging dir."""
    import shutil
    os.makedirs(os.path.join(stage, 'bin'), exist_ok=True)
    bb = os.path.join(stage, 'bin', 'busybox')
    shutil.copy2(busybox, bb)
    applets = subprocess.run([bb, '--list-full'], stdout=subprocess.PIPE, check=True).stdout.decode().split()
    for a in applets:
        a = a.lstrip('/')
        dst = os.path.join(stage, a)
        if a == 'bin/busybox' or os.path.lexists(dst):
            continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        os.symlink('/bin/busybox', dst)
    for m in open(orderfile).read().split():
        dst = os.path.join(stage, destmoddir, m)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(os.path.join(moddir, m), dst)

cmds = {'stage': cmd_stage, 'modules': cmd_modules, 'vmlinux': cmd_vmlinux, 'cpio': cmd_cpio, 'filter': cmd_filter}
cmds[sys.argv[1]](*sys.argv[2:])
PYEOF

# --------------------------------------------------------------------------------------
# The /init of the initramfs (busybox sh).  @KVER@ is substituted at build time.
# Everything else comes from /ctl/vm.env, written per run by the host into the private
# read-write 9p share "ctl".
# --------------------------------------------------------------------------------------
read -r -d '' INIT_SCRIPT <<'INITEOF'
#!/bin/sh
# vertalived ipvs-vm init (busybox sh)
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
KVER=@KVER@
R=/newroot

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

halt_vm() {
    sync
    poweroff -f
    sleep 60
}
fail() {
    echo "vm-init: FATAL: $*"
    [ -d /ctl/. ] && echo "$*" >/ctl/error 2>/dev/null
    halt_vm
}

# Modules needed before the host filesystem is reachable, in modules.dep order.
while read -r m; do
    [ -n "$m" ] || continue
    insmod "/lib/modules/$KVER/$m" || echo "vm-init: insmod $m failed"
done </etc/vm-modules

mkdir -p /mnt/host /ctl /ovl /oldtmp $R
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 ctl /ctl || fail "cannot mount ctl share"
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 host /mnt/host \
    || fail "cannot mount host share"
[ -r /ctl/vm.env ] || fail "no /ctl/vm.env"
. /ctl/vm.env

mount -t tmpfs -o mode=0755 tmpfs /ovl
mkdir -p /ovl/upper /ovl/work
mount -t overlay -o lowerdir=/mnt/host,upperdir=/ovl/upper,workdir=/ovl/work overlay $R \
    || fail "cannot mount overlay"

# Full module tree of this kernel: at the initramfs' /lib/modules (the kernel's module
# autoloader runs /sbin/modprobe relative to *this* root, not the chroot's) and in the chroot.
[ -d "/mnt/host$VM_MODDIR" ] || fail "module tree $VM_MODDIR not visible"
mount -o bind "/mnt/host$VM_MODDIR" "/lib/modules/$KVER"
mkdir -p "$R/lib/modules/$KVER" && mount -o bind "/mnt/host$VM_MODDIR" "$R/lib/modules/$KVER"

mount -t proc proc $R/proc
mount -t sysfs sysfs $R/sys
mount -t devtmpfs devtmpfs $R/dev
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts $R/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $R/dev/shm
mount -t tmpfs -o mode=0755 tmpfs $R/run
mount -o bind $R/tmp /oldtmp
mount -t tmpfs -o mode=1777 tmpfs $R/tmp
# A cwd under /tmp stays reachable (read-only view + discarded writes, like the rest).
case "$VM_CWD" in
    /tmp/?*) if [ -d "/oldtmp/${VM_CWD#/tmp/}" ]; then
                 mkdir -p "$R$VM_CWD" && mount -o bind "/oldtmp/${VM_CWD#/tmp/}" "$R$VM_CWD"
             fi ;;
esac
i=0
while [ "$i" -lt "${VM_NSHARES:-0}" ]; do
    eval "p=\$VM_SHARE_$i"
    mkdir -p "$R$p" && mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 "share$i" "$R$p" \
        || fail "cannot mount share $p"
    i=$((i + 1))
done
mkdir -p $R/run/vertalived-vm && mount -o bind /ctl $R/run/vertalived-vm

ip link set lo up
[ -s $R/etc/hostname ] && hostname "$(cat $R/etc/hostname)"

stty -F /dev/console -onlcr 2>/dev/null
cat /proc/uptime >/ctl/started
printf '\n%s\n' "$VM_BEGIN"
chroot $R /bin/bash /run/vertalived-vm/cmd </dev/null >/dev/console 2>&1
rc=$?
printf '%s\n' "$VM_END"
stty -F /dev/console -onlcr 2>/dev/null   # tcsetattr(TCSADRAIN): wait for the UART
echo "$rc" >/ctl/rc
halt_vm
INITEOF

# --------------------------------------------------------------------------------------
# setup
# --------------------------------------------------------------------------------------
POLICY_RC_CREATED=
cleanup_policy_rc() {
    if [[ -n $POLICY_RC_CREATED ]]; then
        rm -f /usr/sbin/policy-rc.d
        POLICY_RC_CREATED=
    fi
}

pkg_installed() {
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}

ensure_host_packages() {
    local missing=()
    pkg_installed qemu-system-x86 && command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
    pkg_installed busybox-static || missing+=(busybox-static)
    find_python || missing+=(python3)
    ((${#missing[@]})) || return 0
    log "installing ${missing[*]}"
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        POLICY_RC_CREATED=1
    fi
    local rc=0
    DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 apt-get install -y -q --no-install-recommends "${missing[@]}" || {
        log "apt-get install failed; running apt-get update and retrying"
        apt-get update -q && DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 apt-get install -y -q --no-install-recommends "${missing[@]}"
    } || rc=$?
    cleanup_policy_rc
    ((rc == 0)) || die "apt-get install ${missing[*]} failed"
    find_python || die "no usable python3"
}

kernel_package() {
    apt-cache depends --important "$KERNEL_META" 2>/dev/null |
        awk '$1 ~ /Depends:$/ && $2 ~ /^linux-image-[0-9]/ {print $2; exit}'
}

setup() {
    need_root
    local t0=$SECONDS
    mkdir -p "$CACHE" || die "cannot create $CACHE"
    exec 9>"$CACHE/.lock"
    flock -w 900 9 || die "cannot lock $CACHE/.lock"
    trap cleanup_policy_rc EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM HUP
    ensure_host_packages

    local pkg
    pkg=$(kernel_package)
    if [[ -z $pkg ]]; then
        log "apt-cache knows no dependency of $KERNEL_META; running apt-get update"
        apt-get update -q >&2
        pkg=$(kernel_package)
    fi
    if [[ -z $pkg ]]; then
        if [[ -e $CACHE/current/.ready ]]; then
            log "warning: cannot resolve $KERNEL_META; keeping the kernel already set up"
            info
            return 0
        fi
        die "cannot resolve the kernel package of $KERNEL_META"
    fi
    [[ $pkg == linux-image-*-amd64 && $pkg != *cloud* && $pkg != *-rt-* ]] \
        || die "unexpected kernel package '$pkg' (want linux-image-*-amd64, non-cloud)"
    local kver=${pkg#linux-image-}
    local kdir=$CACHE/kernels/$kver

    # 1. download + extract (never installed)
    if [[ ! -e $kdir/.extracted ]]; then
        local dl=$CACHE/download.$$
        rm -rf "$dl" "$kdir" && mkdir -p "$dl" || die "cannot create $dl"
        log "downloading $pkg"
        (cd "$dl" && apt-get download -q "$pkg" >&2) || {
            log "apt-get download failed; running apt-get update and retrying"
            apt-get update -q >&2 && (cd "$dl" && apt-get download -q "$pkg" >&2)
        } || { rm -rf "$dl"; die "apt-get download $pkg failed"; }
        local deb
        deb=$(ls "$dl"/*.deb) || die "no .deb downloaded"
        log "extracting $(basename "$deb")"
        mkdir -p "$kdir.tmp" && dpkg-deb -x "$deb" "$kdir.tmp" || { rm -rf "$dl" "$kdir.tmp"; die "dpkg-deb -x failed"; }
        basename "$deb" >"$kdir.tmp/.deb-name"
        rm -rf "$dl"
        # The package uses the merged-/usr layout or not; find the module tree either way.
        local md
        for md in "$kdir.tmp/lib/modules/$kver" "$kdir.tmp/usr/lib/modules/$kver"; do
            [[ -d $md ]] && break
        done
        [[ -d $md ]] || die "no modules/$kver in $pkg"
        if [[ $md == "$kdir.tmp/usr/lib/modules/$kver" ]]; then
            mkdir -p "$kdir.tmp/lib/modules" && mv "$md" "$kdir.tmp/lib/modules/"
        fi
        local vz=$kdir.tmp/boot/vmlinuz-$kver
        [[ -f $vz ]] || die "no boot/vmlinuz-$kver in $pkg"
        # Drop what a VM without such hardware can never load (saves ~60% of the disk).
        local d
        for d in drivers/gpu drivers/media drivers/infiniband drivers/staging drivers/net/wireless \
                 drivers/net/ethernet drivers/bluetooth drivers/iio drivers/scsi drivers/usb \
                 drivers/hid drivers/input drivers/isdn drivers/mtd drivers/video drivers/hwmon \
                 drivers/mfd drivers/platform drivers/thunderbolt drivers/net/can drivers/net/usb \
                 sound net/wireless net/mac80211 net/bluetooth; do
            rm -rf "$kdir.tmp/lib/modules/$kver/kernel/$d"
        done
        rm -rf "$kdir.tmp/usr/share/doc" "$kdir.tmp/usr/lib/linux" "$kdir.tmp/usr/share/bug"
        log "depmod $kver"
        /bin/busybox depmod -b "$kdir.tmp" "$kver" || die "busybox depmod failed"
        # busybox depmod writes only text indexes; the chroot's own modprobe may be kmod's,
        # which needs the binary ones: add them if the host has kmod's depmod.
        if [[ -x /usr/sbin/depmod || -x /sbin/depmod ]] && [[ $(readlink -f "$(command -v depmod)") != */busybox ]]; then
            depmod -b "$kdir.tmp" "$kver" 2>/dev/null || log "warning: kmod depmod failed (ignored)"
        fi
        touch "$kdir.tmp/.extracted"
        mv "$kdir.tmp" "$kdir" || die "cannot move $kdir.tmp"
    fi
    local moddir=$kdir/lib/modules/$kver

    # 2. uncompressed vmlinux for the PVH entry (boots ~2.5 s faster under TCG)
    if [[ ! -e $kdir/.vmlinux-tried ]]; then
        if "$PY" -c 'import lzma' 2>/dev/null || command -v zstd >/dev/null; then
            "$PY" -c "$PYHELPER" vmlinux "$kdir/boot/vmlinuz-$kver" "$kdir/vmlinux" >&2 \
                || log "warning: cannot extract vmlinux; will boot the bzImage"
        else
            log "warning: no lzma/zstd decompressor; will boot the bzImage"
        fi
        touch "$kdir/.vmlinux-tried"
    fi

    # 3. initramfs
    local stage=$CACHE/initrd.$$
    rm -rf "$stage" && mkdir -p "$stage" || die "cannot create $stage"
    local order
    order=$("$PY" -c "$PYHELPER" modules "$moddir" \
        virtio_pci 9pnet 9pnet_virtio 9p overlay crc32c_generic ip_vs ipvs-schedulers) \
        || die "module dependency resolution failed"
    local d
    for d in bin sbin usr/bin usr/sbin etc dev proc sys tmp run mnt "lib/modules/$kver"; do
        mkdir -p "$stage/$d"
    done
    printf '%s\n' "$order" >"$stage/etc/vm-modules"
    "$PY" -c "$PYHELPER" stage "$stage" /bin/busybox "$moddir" "lib/modules/$kver" "$stage/etc/vm-modules" \
        || die "cannot populate the initramfs"
    [[ -L $stage/sbin/modprobe && -L $stage/sbin/insmod && -L $stage/sbin/poweroff ]] \
        || die "busybox lacks modprobe/insmod/poweroff"
    printf '%s\n' "${INIT_SCRIPT//@KVER@/$kver}" >"$stage/init"
    chmod 755 "$stage/init"
    local id
    id=$( { echo "$INITRD_FORMAT"; sha256sum /bin/busybox; cat "$stage/init" "$stage/etc/vm-modules"; } | sha256sum | cut -c1-16)
    if [[ ! -e $kdir/initramfs.cpio.gz || $(cat "$kdir/initramfs.id" 2>/dev/null) != "$id" ]]; then
        log "building initramfs ($(wc -l <<<"$order") modules)"
        "$PY" -c "$PYHELPER" cpio "$stage" "$kdir/initramfs.cpio.gz" || die "initramfs build failed"
        echo "$id" >"$kdir/initramfs.id"
    fi
    rm -rf "$stage"
    printf '%s\n' "$order" >"$kdir/modules-in-initramfs.txt"
    touch "$kdir/.ready"
    ln -sfn "kernels/$kver" "$CACHE/current.tmp" && mv -T "$CACHE/current.tmp" "$CACHE/current"
    # Older kernels are no longer needed (we hold the lock: no VM is running from them).
    local old
    for old in "$CACHE"/kernels/*; do
        [[ -d $old && $(basename "$old") != "$kver" ]] && { log "removing old kernel $(basename "$old")"; rm -rf "$old"; }
    done
    rm -rf "$CACHE"/download.* "$CACHE"/initrd.* "$CACHE"/kernels/*.tmp
    log "setup done in $((SECONDS - t0)) s"
    info
}

info() {
    local kdir
    kdir=$(readlink -f "$CACHE/current" 2>/dev/null)
    [[ -n $kdir && -e $kdir/.ready ]] || { echo "not set up (run: $0 setup)"; return 1; }
    local kver
    kver=$(basename "$kdir")
    echo "cache:     $CACHE ($(du -sh "$CACHE" 2>/dev/null | cut -f1))"
    echo "kernel:    $kver ($(cat "$kdir/.deb-name" 2>/dev/null))"
    if [[ -e $kdir/vmlinux ]]; then
        echo "boot:      $kdir/vmlinux (PVH)"
    else
        echo "boot:      $kdir/boot/vmlinuz-$kver (bzImage)"
    fi
    echo "initramfs: $kdir/initramfs.cpio.gz ($(du -h "$kdir/initramfs.cpio.gz" | cut -f1), $(wc -l <"$kdir/modules-in-initramfs.txt") modules)"
}

# --------------------------------------------------------------------------------------
# run
# --------------------------------------------------------------------------------------
shq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }   # POSIX single-quoting (for busybox sh)

RUN_TMP= QPID= FPID=
run_cleanup() {
    if [[ -n $QPID ]] && kill -0 "$QPID" 2>/dev/null; then
        kill -TERM "$QPID" 2>/dev/null
        local i
        for ((i = 0; i < 50; i++)); do kill -0 "$QPID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$QPID" 2>/dev/null
    fi
    [[ -n $FPID ]] && wait "$FPID" 2>/dev/null
    [[ -n $RUN_TMP && -d $RUN_TMP ]] && rm -rf "$RUN_TMP"
}

run() {
    local timeout=600 timing=${VERTALIVED_VM_TIMING:-0} debug=${VERTALIVED_VM_DEBUG:-0}
    local -a shares=()
    while (($#)); do
        case $1 in
            --timeout) [[ ${2:-} =~ ^[0-9]+$ ]] || { DIE_RC=2 die "--timeout needs a number of seconds"; }
                       timeout=$2; shift 2 ;;
            --timeout=*) timeout=${1#*=}; [[ $timeout =~ ^[0-9]+$ ]] || { DIE_RC=2 die "bad --timeout"; }; shift ;;
            --share) [[ -n ${2:-} ]] || { DIE_RC=2 die "--share needs a directory"; }
                     shares+=("$2"); shift 2 ;;
            --share=*) shares+=("${1#*=}"); shift ;;
            --timing) timing=1; shift ;;
            --debug) debug=1; shift ;;
            --) shift; break ;;
            *) DIE_RC=2 die "unknown option '$1' (usage: $0 run [--timeout S] [--share DIR]... -- COMMAND...)" ;;
        esac
    done
    (($#)) || { DIE_RC=2 die "no command (usage: $0 run [--timeout S] [--share DIR]... -- COMMAND...)"; }
    DIE_RC=125
    need_root
    command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (run: $0 setup)"
    find_python || die "no python3 (run: $0 setup)"

    local t_start=$EPOCHREALTIME
    [[ -e $CACHE/.lock ]] || die "not set up (run: $0 setup)"
    exec 9>>"$CACHE/.lock" && flock -s -w 900 9 || die "cannot lock $CACHE/.lock"
    local kdir
    kdir=$(readlink -f "$CACHE/current" 2>/dev/null)
    [[ -n $kdir && -e $kdir/.ready ]] || die "not set up (run: $0 setup)"
    local kver=${kdir##*/}
    local kernel=$kdir/vmlinux
    [[ -e $kernel ]] || kernel=$kdir/boot/vmlinuz-$kver

    local -a absshares=()
    local s
    for s in "${shares[@]}"; do
        [[ -d $s ]] || die "--share $s: not a directory"
        absshares+=("$(cd "$s" && pwd -P)")
    done

    RUN_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ipvs-vm.XXXXXX") || die "mktemp failed"
    trap 'run_cleanup' EXIT
    trap 'log "interrupted"; exit 130' INT
    trap 'log "terminated"; exit 143' TERM HUP
    local ctl=$RUN_TMP/ctl
    mkdir -m 700 "$ctl"

    local nonce
    nonce=$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')
    local begin="--vertalived-vm-begin-$nonce--" end="--vertalived-vm-end-$nonce--"
    local cwd=$PWD
    {
        echo "VM_MODDIR=$(shq "$kdir/lib/modules/$kver")"
        echo "VM_CWD=$(shq "$cwd")"
        echo "VM_BEGIN=$(shq "$begin")"
        echo "VM_END=$(shq "$end")"
        echo "VM_NSHARES=${#absshares[@]}"
        local i
        for i in "${!absshares[@]}"; do echo "VM_SHARE_$i=$(shq "${absshares[$i]}")"; done
    } >"$ctl/vm.env"
    {
        echo "# generated by ipvs-vm.sh; run by /bin/bash in the VM's chroot"
        local n
        for n in $(compgen -e); do
            case $n in
                BASH_*|BASHOPTS|SHELLOPTS|SHLVL|PWD|OLDPWD|_|VERTALIVED_IN_VM) continue ;;
            esac
            printf 'export %s=%q\n' "$n" "${!n}"
        done
        echo "export VERTALIVED_IN_VM=1"
        echo '[[ -n ${TMPDIR:-} ]] && mkdir -p -- "$TMPDIR" 2>/dev/null   # /tmp is a fresh tmpfs'
        printf 'cd -- %q || { echo "ipvs-vm: cannot cd to the caller'"'"'s cwd inside the VM" >&2; exit 126; }\n' "$cwd"
        printf 'exec'
        printf ' %q' "$@"
        printf '\n'
    } >"$ctl/cmd"

    local -a virtfs=(-virtfs "local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap"
                     -virtfs "local,path=${ctl//,/,,},mount_tag=ctl,security_model=none,multidevs=remap")
    for i in "${!absshares[@]}"; do
        virtfs+=(-virtfs "local,path=${absshares[$i]//,/,,},mount_tag=share$i,security_model=none,multidevs=remap")
    done
    local append="console=ttyS0 panic=-1 quiet loglevel=0"
    ((debug)) && append="console=ttyS0 panic=-1 loglevel=7"

    mkfifo "$RUN_TMP/console" "$RUN_TMP/sleep"
    "$PY" -c "$PYHELPER" filter "$begin" "$end" "$RUN_TMP/console.raw" "$debug" <"$RUN_TMP/console" &
    FPID=$!
    local t_qemu=$EPOCHREALTIME
    qemu-system-x86_64 -name ipvs-vm \
        -accel tcg,thread=single,tb-size=512 -cpu max -M pc -smp 2 -m 2048 \
        -nographic -nodefaults -no-user-config -nic none -serial stdio -monitor none -no-reboot \
        -kernel "$kernel" -initrd "$kdir/initramfs.cpio.gz" -append "$append" \
        "${virtfs[@]}" </dev/null >"$RUN_TMP/console" 2>"$RUN_TMP/qemu.err" &
    QPID=$!

    # Watch QEMU without forking a sleep per tick: read with a timeout on a private FIFO.
    local sfd timed_out=0 now deadline=$(( ${t_qemu/[.,]/} + timeout * 1000000 ))
    exec {sfd}<>"$RUN_TMP/sleep"
    while kill -0 "$QPID" 2>/dev/null; do
        now=${EPOCHREALTIME/[.,]/}
        if ((now >= deadline)); then
            timed_out=1
            log "timeout after ${timeout} s: killing QEMU (pid $QPID)"
            kill -TERM "$QPID" 2>/dev/null
            local k
            for ((k = 0; k < 30; k++)); do kill -0 "$QPID" 2>/dev/null || break; read -r -t 0.1 -u "$sfd" _; done
            kill -KILL "$QPID" 2>/dev/null
            break
        fi
        read -r -t 0.1 -u "$sfd" _
    done
    wait "$QPID" 2>/dev/null
    local qrc=$?
    QPID=
    local t_end=$EPOCHREALTIME
    exec {sfd}>&-
    wait "$FPID" 2>/dev/null
    FPID=

    if ((timing)); then
        local t_started t_rc
        t_started=$(stat -c %.6Y "$ctl/started" 2>/dev/null) || t_started=
        t_rc=$(stat -c %.6Y "$ctl/rc" 2>/dev/null) || t_rc=
        LC_ALL=C awk -v s="$t_start" -v q="$t_qemu" -v b="$t_started" -v r="$t_rc" -v e="$t_end" 'BEGIN {
            printf "ipvs-vm: timing: boot-to-command %s s, command %s s, shutdown %s s, total %.2f s\n",
                (b == "" ? "?" : sprintf("%.2f", b - q)), (b == "" || r == "" ? "?" : sprintf("%.2f", r - b)),
                (r == "" ? "?" : sprintf("%.2f", e - r)), e - s }' >&2
    fi

    if ((debug)) && [[ -s $RUN_TMP/qemu.err ]]; then
        log "QEMU stderr:"; sed 's/^/  /' "$RUN_TMP/qemu.err" >&2
    fi
    if ((timed_out)); then
        exit 124
    fi
    local rc
    rc=$(cat "$ctl/rc" 2>/dev/null)
    if [[ $rc =~ ^[0-9]+$ ]]; then
        exit "$rc"
    fi
    log "the VM ended without reporting an exit code (QEMU exit status $qrc)"
    [[ -s $ctl/error ]] && log "VM init error: $(cat "$ctl/error")"
    [[ -s $RUN_TMP/qemu.err ]] && { log "QEMU stderr:"; sed 's/^/  /' "$RUN_TMP/qemu.err" >&2; }
    if [[ -s $RUN_TMP/console.raw ]]; then
        log "last console lines:"
        tail -n 30 "$RUN_TMP/console.raw" | tr -d '\r' | sed 's/^/  /' >&2
    fi
    exit 125
}

case ${1:-} in
    setup) shift; find_python || true; setup "$@" ;;
    run) shift; run "$@" ;;
    info) info ;;
    *) echo "usage: $0 setup | run [--timeout SECONDS] [--share HOSTDIR]... [--timing] [--debug] -- COMMAND... | info" >&2
       exit 2 ;;
esac
