package devstack

import (
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestListenerCommandFindsTheListeningProcess(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	cmd, ok := ListenerCommand(l.Addr().String())
	if !ok || !strings.HasPrefix(cmd, os.Args[0]) {
		t.Fatalf("ListenerCommand(%s) = %q, %v; want this test binary %q", l.Addr(), cmd, ok, os.Args[0])
	}
	if err := CheckListenerUses("test", l.Addr().String(), "/nowhere/var/ferretdb"); err == nil {
		t.Error("a listener not naming the directory was let through")
	}
	if err := CheckListenerUses("test", l.Addr().String(), os.Args[0]); err != nil {
		t.Errorf("a listener naming the directory was refused: %v", err)
	}
	port, _ := FreePort()
	if _, ok := ListenerCommand("127.0.0.1:" + strconv.Itoa(port)); ok {
		t.Error("a free port has a listener")
	}
}
