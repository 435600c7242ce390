/* libical's iTIP restriction check (icalrestriction_check, RFC 5546's tables)
 * on one iCalendar object read from stdin. Prints one line per problem that
 * libical marks with X-LIC-ERROR; prints nothing when the object passes. */
#include <stdio.h>
#include <stdlib.h>
#include <libical/ical.h>

static void report(icalcomponent *component)
{
    icalproperty *p;
    icalcomponent *child;
    for (p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY))
        printf("%s\n", icalproperty_get_xlicerror(p));
    for (child = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT); child;
         child = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT))
        report(child);
}

int main(void)
{
    static char text[1 << 20];
    size_t length = fread(text, 1, sizeof text - 1, stdin);
    icalcomponent *calendar;
    text[length] = '\0';
    calendar = icalparser_parse_string(text);
    if (calendar == NULL) {
        printf("not parsed\n");
        return 0;
    }
    if (!icalrestriction_check(calendar))
        printf("restriction check failed\n");
    report(calendar);
    icalcomponent_free(calendar);
    return 0;
}
