package app

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"

	"github.com/mektep/mektep/internal/config"
)

// temporalTLS returns the TLS settings of the connection to the Temporal frontend: nil
// (plain gRPC, for the dev server on loopback and a private compose network) unless a
// client certificate or a CA is configured. With them the client presents its certificate
// (mutual TLS: the frontend admits only holders of certificates its CA issued, so nobody
// else can start workflows or send updates) and checks the frontend's against the CA.
func temporalTLS(cfg *config.Config) (*tls.Config, error) {
	if cfg.TemporalTLSCert == "" && cfg.TemporalTLSKey == "" && cfg.TemporalTLSCA == "" {
		return nil, nil
	}
	c := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: cfg.TemporalTLSServerName}
	if (cfg.TemporalTLSCert == "") != (cfg.TemporalTLSKey == "") {
		return nil, errors.New("temporal: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together")
	}
	if cfg.TemporalTLSCert != "" {
		pair, err := tls.LoadX509KeyPair(cfg.TemporalTLSCert, cfg.TemporalTLSKey)
		if err != nil {
			return nil, fmt.Errorf("temporal: client certificate: %w", err)
		}
		c.Certificates = []tls.Certificate{pair}
	}
	if cfg.TemporalTLSCA != "" {
		pem, err := os.ReadFile(cfg.TemporalTLSCA)
		if err != nil {
			return nil, fmt.Errorf("temporal: CA: %w", err)
		}
		c.RootCAs = x509.NewCertPool()
		if !c.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("temporal: CA: no PEM certificate in %s", cfg.TemporalTLSCA)
		}
	}
	return c, nil
}
