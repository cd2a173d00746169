package app

// GetFollowing is getFollowing (the restore drill's render check) for the external tests.
var GetFollowing = getFollowing
