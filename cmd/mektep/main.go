// Command mektep is the whole platform in one binary:
//
//	mektep serve    HTTP API and public school sites
//	mektep worker   Temporal worker running the durable processes
//	mektep migrate  apply database migrations
//	mektep dev      the whole local stack with a demo school (used by `make run`)
//	mektep eds      eds verify: check an EDS (ЭЦП) signature, print the verdict as JSON
//	mektep backup   now | list | drill | restore: backups and restores of both databases
//	mektep version  print the version
//
// Configuration comes from environment variables; see the README.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "mektep:", err)
		os.Exit(1)
	}
}
