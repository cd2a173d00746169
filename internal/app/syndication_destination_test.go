package app_test

import (
	"strings"
	"testing"
)

// TestSyndicationDestinationCredential: an operator names the partner's API key (a name in
// MEKTEP_SYNDICATION_KEYS) when adding a destination; the name is stored and shown, the key
// never is, and a name the configuration does not hold is refused naming the field.
func TestSyndicationDestinationCredential(t *testing.T) {
	const secret = "k3y-never-shown-0f9a"
	s := startStack(t, stackOptions{noWorker: true, env: map[string]string{"MEKTEP_SYNDICATION_KEYS": "otanbilim=" + secret}})
	dest := func(cred string) map[string]any {
		return map[string]any{"scope": "national", "protocol": "portal", "endpoint": "https://portal.example.kz/api",
			"names": map[string]string{"kk": "Портал", "ru": "Портал", "en": "Portal"}, "credential": cred, "enabled": true}
	}
	r := s.operator("POST", "/api/v1/syndication/destinations", dest("otanbilim"))
	if r.Status != 201 || !strings.Contains(string(r.Body), `"credential":"otanbilim"`) {
		t.Fatalf("create with a known credential: %d %s", r.Status, r.Body)
	}
	r = s.operator("POST", "/api/v1/syndication/destinations", dest("nosuchkey"), "Accept-Language", "ru")
	if r.Status != 400 {
		t.Fatalf("unknown credential: %d %s", r.Status, r.Body)
	}
	if _, field, msg := r.Error(t); field != "credential" || !strings.Contains(msg, "ключа") {
		t.Fatalf("unknown credential: field %q, message %q", field, msg)
	}
	r = s.operator("GET", "/api/v1/syndication/destinations", nil)
	if body := string(r.Body); r.Status != 200 || !strings.Contains(body, `"credential":"otanbilim"`) ||
		strings.Contains(body, secret) || strings.Contains(body, "nosuchkey") {
		t.Fatalf("list: %d %s", r.Status, r.Body)
	}
}
