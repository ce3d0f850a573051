package geo_test

import (
	"fmt"

	"github.com/herald-news/herald/extractors/geo"
)

func Example() {
	c, _ := geo.CountryOf("Russia's")
	fmt.Println(c)
	c, _ = geo.CountryOf("Kremlin")
	fmt.Println(c)
	p, _ := geo.LookupPlace("Geneva")
	fmt.Printf("%+v\n", p)
	o, _ := geo.LookupOrg("Russia's Foreign Ministry")
	fmt.Printf("%+v\n", o)
	// Output:
	// Russia
	// Russia
	// {Name:Geneva Country:Switzerland Kind:city}
	// {Name:Russian Foreign Ministry Country:Russia}
}
