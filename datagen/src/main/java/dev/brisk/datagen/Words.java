package dev.brisk.datagen;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The word lists every generated name is made of: the demo's story, the bench's data sets and the
 * bench's search terms (which must find what the generator wrote). Plain ASCII except "&", realistic
 * enough for trigram search. Nothing here is a real person or business: e-mail addresses use the
 * reserved {@code example.*} names and phone numbers come from ranges set aside for fiction
 * (Ofcom's 020 7946 0xxx, the North American 555-01xx). Arrays, not lists, so a pick is one index;
 * never write to them.
 */
public final class Words {

    private Words() {}

    /** First names. */
    public static final String[] FIRST = {
        "Ada", "Alan", "Amara", "Anton", "Aria", "Bea", "Bruno", "Carla", "Chen", "Clara", "Dario", "Diego",
        "Elena", "Elif", "Emil", "Erik", "Esther", "Fatima", "Felix", "Freya", "Grace", "Hana", "Hugo", "Ines",
        "Ivan", "Jonas", "Julia", "Kai", "Karin", "Lars", "Leila", "Lena", "Liam", "Lucia", "Malik", "Marta",
        "Mateo", "Mei", "Mila", "Nadia", "Nico", "Nina", "Noah", "Olga", "Omar", "Oskar", "Paula", "Priya",
        "Rafael", "Rosa", "Ruben", "Sara", "Sofia", "Tariq", "Theo", "Uma", "Vera", "Yara", "Yusuf", "Zoe"
    };

    /** Surnames. */
    public static final String[] LAST = {
        "Andersen", "Baker", "Bauer", "Becker", "Bianchi", "Brennan", "Carter", "Costa", "Dubois", "Eriksen",
        "Fischer", "Fontaine", "Garcia", "Greco", "Hansen", "Hartmann", "Horvat", "Ivanova", "Jansen", "Kaya",
        "Keller", "Kowalski", "Larsen", "Laurent", "Lindqvist", "Lopez", "Marino", "Martin", "Meyer", "Moreau",
        "Murphy", "Nakamura", "Nielsen", "Novak", "Okafor", "Olsen", "Patel", "Peeters", "Petrov", "Quinn",
        "Richter", "Rossi", "Santos", "Schmidt", "Silva", "Sorensen", "Suzuki", "Tanaka", "Varga", "Vogel",
        "Walsh", "Weber", "Wilson", "Yilmaz", "Zhang", "Zimmer"
    };

    /** First part of a company name. */
    public static final String[] COMPANY_STEMS = {
        "Alder",
        "Amber",
        "Atlas",
        "Beacon",
        "Birch",
        "Blue Harbor",
        "Brightwater",
        "Cedar",
        "Copper Leaf",
        "Crescent",
        "Evergreen",
        "Falcon",
        "Fjord",
        "Granite",
        "Harbor Light",
        "Ironbridge",
        "Juniper",
        "Kestrel",
        "Lakeside",
        "Lantern",
        "Maple",
        "Meridian",
        "Northwind",
        "Oakridge",
        "Orchard",
        "Pinecone",
        "Quarry",
        "Redwood",
        "Riverbend",
        "Saffron",
        "Silverline",
        "Stonegate",
        "Summit",
        "Tidewater",
        "Willow",
        "Zephyr"
    };

    /** What the company does. */
    public static final String[] COMPANY_KINDS = {
        "Trading",
        "Supplies",
        "Studio",
        "Workshop",
        "Outfitters",
        "Interiors",
        "Coffee",
        "Bakery",
        "Design",
        "Logistics",
        "Hotels",
        "Events",
        "Goods",
        "Market",
        "Print",
        "Labs"
    };

    /** Legal form; the empty one means none. */
    public static final String[] COMPANY_SUFFIXES = {"Ltd", "GmbH", "SARL", "BV", "AB", "Co", "Inc", "& Sons", ""};

    /** First word of a product name. */
    public static final String[] ADJECTIVES = {
        "Classic",
        "Compact",
        "Deluxe",
        "Eco",
        "Essential",
        "Heritage",
        "Modern",
        "Nordic",
        "Premium",
        "Rustic",
        "Smart",
        "Urban",
        "Vintage",
        "Everyday",
        "Studio",
        "Pro",
        "Travel"
    };

    /** A product noun with a plausible price range in minor units. */
    public record Noun(String name, int minPrice, int maxPrice) {}

    /** A catalogue section: SKU prefix, the finishes its products come in, and its nouns. */
    public record Category(String sku, List<String> finishes, List<Noun> nouns) {}

    public static final List<Category> CATEGORIES = List.of(
            new Category(
                    "KIT",
                    List.of("Oak", "Walnut", "Steel", "Ceramic", "Copper", "Glass", "Bamboo", "Stoneware"),
                    List.of(
                            new Noun("Mug", 900, 2_500),
                            new Noun("Teapot", 2_500, 7_900),
                            new Noun("Kettle", 3_900, 12_900),
                            new Noun("Cutting Board", 1_900, 6_900),
                            new Noun("Chef Knife", 4_900, 18_900),
                            new Noun("Salad Bowl", 1_900, 5_900),
                            new Noun("Spice Rack", 2_400, 6_400))),
            new Category(
                    "OFF",
                    List.of("Oak", "Walnut", "Steel", "Bamboo", "Leather", "Aluminium", "Cork"),
                    List.of(
                            new Noun("Notebook", 500, 2_900),
                            new Noun("Desk Lamp", 2_900, 14_900),
                            new Noun("Pen Set", 1_200, 7_900),
                            new Noun("Desk Organizer", 1_900, 5_900),
                            new Noun("Monitor Stand", 3_900, 12_900),
                            new Noun("Office Chair", 14_900, 59_900))),
            new Category(
                    "HOM",
                    List.of("Linen", "Cotton", "Wool", "Ceramic", "Glass", "Brass", "Rattan"),
                    List.of(
                            new Noun("Throw Blanket", 3_900, 14_900),
                            new Noun("Cushion", 1_900, 5_900),
                            new Noun("Candle", 900, 3_900),
                            new Noun("Vase", 1_900, 8_900),
                            new Noun("Wall Clock", 2_900, 11_900),
                            new Noun("Picture Frame", 1_200, 4_900))),
            new Category(
                    "OUT",
                    List.of("Canvas", "Nylon", "Steel", "Waxed Cotton", "Cedar"),
                    List.of(
                            new Noun("Backpack", 4_900, 19_900),
                            new Noun("Water Bottle", 1_500, 4_500),
                            new Noun("Camping Lantern", 2_500, 8_900),
                            new Noun("Hammock", 4_900, 15_900),
                            new Noun("Picnic Blanket", 2_900, 8_900))),
            new Category(
                    "TEC",
                    List.of("Graphite", "Silver", "Sage", "Midnight", "Sand", "Arctic White"),
                    List.of(
                            new Noun("USB-C Hub", 2_900, 9_900), new Noun("Wireless Charger", 1_900, 6_900),
                            new Noun("Bluetooth Speaker", 3_900, 24_900), new Noun("Headphones", 4_900, 34_900),
                            new Noun("Keyboard", 3_900, 17_900), new Noun("Mouse", 1_900, 8_900))));

    /** Every finish of every category, once each, in category order: the material of a product name. */
    public static final String[] PRODUCT_MATERIAL = CATEGORIES.stream()
            .flatMap(c -> c.finishes().stream())
            .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new))
            .toArray(String[]::new);

    /** Every noun of every category, in category order: the last words of a product name. */
    public static final String[] PRODUCT_NOUN =
            CATEGORIES.stream().flatMap(c -> c.nouns().stream()).map(Noun::name).toArray(String[]::new);

    /** Domains of customers without a company. */
    public static final String[] MAIL_DOMAINS = {"example.com", "example.org", "example.net"};

    /** Currencies of generated organizations. */
    public static final String[] CURRENCIES = {"EUR", "USD", "GBP", "SEK", "CHF", "DKK", "NOK", "PLN"};

    public static String pick(Random random, String[] words) {
        return words[random.nextInt(words.length)];
    }

    public static <T> T pick(Random random, List<T> words) {
        return words.get(random.nextInt(words.size()));
    }

    public static String company(Random random) {
        return company(pick(random, COMPANY_STEMS), pick(random, COMPANY_KINDS), pick(random, COMPANY_SUFFIXES));
    }

    /** "Atlas Trading Ltd", or "Atlas Trading" for the empty suffix. */
    public static String company(String stem, String kind, String suffix) {
        String name = stem + " " + kind;
        return suffix.isEmpty() ? name : name + " " + suffix;
    }

    /** Lower-case ASCII letters, digits and single dashes: "Blue Harbor Trading Ltd" → "blue-harbor-trading-ltd". */
    public static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    public static String phone(Random random) {
        return random.nextBoolean()
                ? "+44 20 7946 0%03d".formatted(random.nextInt(1000))
                : "+1 202 555 01%02d".formatted(random.nextInt(100));
    }
}
