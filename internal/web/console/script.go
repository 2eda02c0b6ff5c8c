package console

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
)

// Script is the console's one script (console.js), served at
// consolepath.Script to the pages whose Frame asks for it.
//
//go:embed console.js
var Script string

// ScriptETag is the script's entity tag: a browser revalidates its copy
// and is answered 304 while the script is unchanged.
var ScriptETag = func() string {
	sum := sha256.Sum256([]byte(Script))
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
}()
