package app

// GetFollowing is getFollowing (the restore drill's render check) for the external tests.
var GetFollowing = getFollowing

// RepairContentIndex is the worker's content index repair loop, for the external tests.
var RepairContentIndex = (*App).repairContentIndex
