package sitecore_test

import (
	"strings"
	"testing"

	"github.com/mektep/mektep/sitecore"
)

func TestOnlineLink(t *testing.T) {
	for raw, want := range map[string]string{
		"":                                  "",
		"  https://meet.example.kz/room-5 ": "https://meet.example.kz/room-5",
	} {
		if got, err := sitecore.OnlineLink("online_url", "k", raw); err != nil || got != want {
			t.Errorf("%q: %q %v", raw, got, err)
		}
	}
	for _, raw := range []string{"http://meet.example.kz/", "javascript:alert(1)", "https:///path", "meet.example.kz",
		"https://x.kz/" + strings.Repeat("a", sitecore.MaxLinkLength)} {
		_, err := sitecore.OnlineLink("online_url", "k", raw)
		if e := sitecore.AsError(err); e == nil || e.Code != sitecore.EInvalid || e.Field != "online_url" || e.Key != "k" {
			t.Errorf("%q: %v", raw, err)
		}
	}
}
