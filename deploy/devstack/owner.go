package devstack

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ListenerCommand returns the command line (arguments joined by spaces) of the local process
// listening on the TCP address addr, read from /proc; ok is false when it cannot be told (not
// Linux, another user's process, nothing listening). The dev stack uses it to refuse a
// server left running by another checkout, whose data lives in that checkout's var.
func ListenerCommand(addr string) (cmd string, ok bool) {
	_, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return "", false
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return "", false
	}
	inodes := map[string]bool{}
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			// sl local_address rem_address st ... inode
			fs := strings.Fields(sc.Text())
			if len(fs) < 10 || fs[3] != "0A" { // 0A: LISTEN
				continue
			}
			_, hexPort, _ := strings.Cut(fs[1], ":")
			if p, err := strconv.ParseInt(hexPort, 16, 32); err == nil && int(p) == port {
				inodes["socket:["+fs[9]+"]"] = true
			}
		}
		f.Close()
	}
	if len(inodes) == 0 {
		return "", false
	}
	procs, _ := os.ReadDir("/proc")
	for _, p := range procs {
		if _, err := strconv.Atoi(p.Name()); err != nil {
			continue
		}
		fds, err := os.ReadDir(filepath.Join("/proc", p.Name(), "fd"))
		if err != nil {
			continue
		}
		for _, fd := range fds {
			if link, err := os.Readlink(filepath.Join("/proc", p.Name(), "fd", fd.Name())); err == nil && inodes[link] {
				raw, err := os.ReadFile(filepath.Join("/proc", p.Name(), "cmdline"))
				if err != nil {
					return "", false
				}
				return strings.TrimSpace(strings.ReplaceAll(string(raw), "\x00", " ")), true
			}
		}
	}
	return "", false
}

// CheckListenerUses refuses a server on addr whose command line does not name dir (its
// data directory): a server this stack started earlier names it; one of another checkout
// names that checkout's. A listener whose process cannot be looked at is let through.
func CheckListenerUses(what, addr, dir string) error {
	cmd, ok := ListenerCommand(addr)
	if !ok || strings.Contains(cmd, dir) {
		return nil
	}
	return fmt.Errorf("%s: %s is taken by a process whose data is not under %s (%q; another checkout's dev stack?): stop it first", what, addr, dir, cmd)
}
