package sitecore

import "testing"

// BenchmarkCheckPasswordParallel measures password checks on every core at once: its
// ns/op is the wall time per login when the machine does nothing else, so 1e9/ns_per_op is
// the logins per second the argon2id parameters allow.
func BenchmarkCheckPasswordParallel(b *testing.B) {
	hash, err := HashPassword("Мектеп-құпиясөз-2026")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if ok, _ := CheckPassword(hash, "Мектеп-құпиясөз-2026"); !ok {
				b.Error("password rejected")
			}
		}
	})
}
