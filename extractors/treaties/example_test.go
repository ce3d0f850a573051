package treaties_test

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/herald-news/herald/extractors/text"
	"github.com/herald-news/herald/extractors/treaties"
)

func Example() {
	f, err := treaties.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	d := text.Parse("Washington will withdraw from the 1987 Intermediate-Range Nuclear Forces Treaty, known as the INF. " +
		"Russia says the pact is vital, and wants to keep the 2010 New START treaty.")
	enc := json.NewEncoder(os.Stdout)
	for _, t := range f.Find(d) {
		enc.Encode(t)
	}
	// Output:
	// {"name":"Intermediate-Range Nuclear Forces Treaty","short":"INF","year":1987,"mentions":[{"text":"Intermediate-Range Nuclear Forces Treaty","start":39,"end":79},{"text":"INF","start":94,"end":97},{"text":"pact","start":115,"end":119}]}
	// {"name":"New START","aliases":["New START treaty"],"year":2010,"mentions":[{"text":"New START treaty","start":157,"end":173}]}
}
