//go:build tools

// Package ferretdbbuild pins FerretDB for the local infrastructure (infra/local/infra.sh).
//
// This file is never compiled (build tag "tools"); it only records the dependency, so that go.mod and
// go.sum pin github.com/FerretDB/FerretDB v1.24.2 and every module it needs. infra.sh then runs, here,
//
//	go mod download github.com/FerretDB/FerretDB   (checked against go.sum)
//
// copies that module's source to the cache, writes build/version/version.txt = v1.24.2 and builds
// ./cmd/ferretdb inside the copy. Building the package straight from this module (or with
// `go install ...@v1.24.2`, FerretDB issue #2982) gives a binary that panics at start: with current Go its
// main module is FerretDB's, so FerretDB's version.txt check runs and finds the file empty.
package ferretdbbuild

import (
	_ "github.com/FerretDB/FerretDB/cmd/ferretdb"
)
