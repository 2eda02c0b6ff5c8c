package token

// Robot opens a member's robot's page: its subject is one robot version,
// its owner the robot's. The page confirms a pending robot and asks for
// practice matches; the link works until it expires, used or not.
const Robot Purpose = "robot"
