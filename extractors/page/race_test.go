//go:build race

package page

// raceEnabled: the corpus tests, 270 pages through go-trafilatura, take
// minutes under the race detector and test nothing concurrent; they skip.
const raceEnabled = true
