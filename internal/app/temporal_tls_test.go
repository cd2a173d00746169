package app

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/config"
)

// pemCert issues a certificate for the key, signed by parent (itself when nil).
func pemCert(t *testing.T, dir, name string, tmpl *x509.Certificate, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey, string, string) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	kder, _ := x509.MarshalECPrivateKey(key)
	cf, kf := filepath.Join(dir, name+".pem"), filepath.Join(dir, name+"-key.pem")
	_ = os.WriteFile(cf, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	_ = os.WriteFile(kf, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	return cert, key, cf, kf
}

// The client's TLS settings present the configured certificate to a frontend that demands
// one from its CA, and check the frontend's; without them the connection is refused.
func TestTemporalMutualTLS(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	ca, caKey, caFile, _ := pemCert(t, dir, "ca", &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "temporal CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}, nil, nil)
	_, _, srvCert, srvKey := pemCert(t, dir, "frontend", &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "frontend"},
		DNSNames: []string{"temporal.internal"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}, ca, caKey)
	_, _, cliCert, cliKey := pemCert(t, dir, "mektep", &x509.Certificate{SerialNumber: big.NewInt(3), Subject: pkix.Name{CommonName: "mektep"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}, ca, caKey)

	pair, err := tls.LoadX509KeyPair(srvCert, srvKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{pair}, ClientCAs: pool,
		ClientAuth: tls.RequireAndVerifyClientCert})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			_ = c.(*tls.Conn).Handshake()
			_, _ = c.Write([]byte("ok"))
			_ = c.Close()
		}
	}()
	dial := func(c *tls.Config) error {
		conn, err := tls.Dial("tcp", l.Addr().String(), c)
		if err != nil {
			return err
		}
		defer conn.Close()
		_, err = conn.Read(make([]byte, 2)) // the server's verdict on our certificate arrives here
		return err
	}

	if c, err := temporalTLS(&config.Config{}); c != nil || err != nil {
		t.Errorf("no TLS settings: %v, %v; want a plain connection", c, err)
	}
	c, err := temporalTLS(&config.Config{TemporalTLSCert: cliCert, TemporalTLSKey: cliKey, TemporalTLSCA: caFile,
		TemporalTLSServerName: "temporal.internal"})
	if err != nil {
		t.Fatal(err)
	}
	if err := dial(c); err != nil {
		t.Errorf("mutual TLS with the client certificate: %v", err)
	}
	noCert, _ := temporalTLS(&config.Config{TemporalTLSCA: caFile, TemporalTLSServerName: "temporal.internal"})
	if err := dial(noCert); err == nil {
		t.Error("the frontend accepted a client without a certificate")
	}
	wrongName, _ := temporalTLS(&config.Config{TemporalTLSCert: cliCert, TemporalTLSKey: cliKey, TemporalTLSCA: caFile,
		TemporalTLSServerName: "elsewhere"})
	if err := dial(wrongName); err == nil {
		t.Error("a frontend certificate for another name was accepted")
	}
	if _, err := temporalTLS(&config.Config{TemporalTLSCert: cliCert}); err == nil {
		t.Error("a certificate without its key was accepted")
	}
}
