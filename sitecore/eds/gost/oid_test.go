package gost

import (
	"encoding/asn1"
	"strconv"
	"strings"
	"testing"
)

func parseOID(t *testing.T, s string) asn1.ObjectIdentifier {
	t.Helper()
	var oid asn1.ObjectIdentifier
	for _, p := range strings.Split(s, ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			t.Fatal(err)
		}
		oid = append(oid, n)
	}
	return oid
}
