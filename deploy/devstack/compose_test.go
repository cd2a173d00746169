package devstack_test

import (
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The compose file publishes only the public site on every interface. Temporal's frontend
// (7233, no TLS in compose: whoever reaches it can send workflow updates around the HTTP
// API's checks), its UI, the mail catcher and the metrics listeners answer on the host's
// loopback only; the databases are not published at all.
func TestComposePublishesOnlyThePublicSite(t *testing.T) {
	data, err := os.ReadFile("../compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Ports []string `yaml:"ports"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Services["temporal"]; !ok {
		t.Fatalf("no temporal service in compose.yaml: %v", c.Services)
	}
	for name, svc := range c.Services {
		for _, p := range svc.Ports {
			public := name == "serve" && p == "8080:8080"
			if !public && !strings.HasPrefix(p, "127.0.0.1:") {
				t.Errorf("%s publishes %q on every interface", name, p)
			}
		}
		if (name == "postgres" || name == "mongo" || name == "ferretdb") && len(svc.Ports) > 0 {
			t.Errorf("%s is published: %v", name, svc.Ports)
		}
	}
}
