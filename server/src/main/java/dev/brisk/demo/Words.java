package dev.brisk.demo;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Small built-in word lists the demo names are composed from. Nothing here is a real person or
 * business: e-mail addresses use the reserved {@code example.*} names and phone numbers come from
 * ranges set aside for fiction (Ofcom's 020 7946 0xxx, the North American 555-01xx).
 */
final class Words {

    private Words() {}

    static final List<String> FIRST_NAMES = List.of(
            "Ada", "Alan", "Amara", "Anton", "Aria", "Bea", "Bruno", "Carla", "Chen", "Clara", "Dario", "Diego",
            "Elena", "Elif", "Emil", "Erik", "Esther", "Fatima", "Felix", "Freya", "Grace", "Hana", "Hugo", "Ines",
            "Ivan", "Jonas", "Julia", "Kai", "Karin", "Lars", "Leila", "Lena", "Liam", "Lucia", "Malik", "Marta",
            "Mateo", "Mei", "Mila", "Nadia", "Nico", "Nina", "Noah", "Olga", "Omar", "Oskar", "Paula", "Priya",
            "Rafael", "Rosa", "Ruben", "Sara", "Sofia", "Tariq", "Theo", "Uma", "Vera", "Yara", "Yusuf", "Zoe");

    static final List<String> LAST_NAMES = List.of(
            "Andersen", "Baker", "Bauer", "Becker", "Bianchi", "Brennan", "Carter", "Costa", "Dubois", "Eriksen",
            "Fischer", "Fontaine", "Garcia", "Greco", "Hansen", "Hartmann", "Horvat", "Ivanova", "Jansen", "Kaya",
            "Keller", "Kowalski", "Larsen", "Laurent", "Lindqvist", "Lopez", "Marino", "Martin", "Meyer", "Moreau",
            "Murphy", "Nakamura", "Nielsen", "Novak", "Okafor", "Olsen", "Patel", "Peeters", "Petrov", "Quinn",
            "Richter", "Rossi", "Santos", "Schmidt", "Silva", "Sorensen", "Suzuki", "Tanaka", "Varga", "Vogel",
            "Walsh", "Weber", "Wilson", "Yilmaz", "Zhang", "Zimmer");

    static final List<String> COMPANY_STEMS = List.of(
            "Alder", "Amber", "Atlas", "Beacon", "Birch", "Blue Harbor", "Brightwater", "Cedar", "Copper Leaf",
            "Crescent", "Evergreen", "Falcon", "Fjord", "Granite", "Harbor Light", "Ironbridge", "Juniper",
            "Kestrel", "Lakeside", "Lantern", "Maple", "Meridian", "Northwind", "Oakridge", "Orchard", "Pinecone",
            "Quarry", "Redwood", "Riverbend", "Saffron", "Silverline", "Stonegate", "Summit", "Tidewater",
            "Willow", "Zephyr");

    static final List<String> COMPANY_KINDS = List.of(
            "Trading", "Supplies", "Studio", "Workshop", "Outfitters", "Interiors", "Coffee", "Bakery", "Design",
            "Logistics", "Hotels", "Events", "Goods", "Market", "Print", "Labs");

    static final List<String> COMPANY_SUFFIXES = List.of("Ltd", "GmbH", "SARL", "BV", "AB", "Co", "Inc", "& Sons", "");

    static final List<String> ADJECTIVES = List.of(
            "Classic", "Compact", "Deluxe", "Eco", "Essential", "Heritage", "Modern", "Nordic", "Premium", "Rustic",
            "Smart", "Urban", "Vintage", "Everyday", "Studio", "Pro", "Travel");

    /** A product noun with a plausible price range in minor units. */
    record Noun(String name, int minPrice, int maxPrice) {}

    /** A catalogue section: SKU prefix, the finishes its products come in, and its nouns. */
    record Category(String sku, List<String> finishes, List<Noun> nouns) {}

    static final List<Category> CATEGORIES = List.of(
            new Category("KIT", List.of("Oak", "Walnut", "Steel", "Ceramic", "Copper", "Glass", "Bamboo", "Stoneware"), List.of(
                    new Noun("Mug", 900, 2_500), new Noun("Teapot", 2_500, 7_900), new Noun("Kettle", 3_900, 12_900),
                    new Noun("Cutting Board", 1_900, 6_900), new Noun("Chef Knife", 4_900, 18_900),
                    new Noun("Salad Bowl", 1_900, 5_900), new Noun("Spice Rack", 2_400, 6_400))),
            new Category("OFF", List.of("Oak", "Walnut", "Steel", "Bamboo", "Leather", "Aluminium", "Cork"), List.of(
                    new Noun("Notebook", 500, 2_900), new Noun("Desk Lamp", 2_900, 14_900), new Noun("Pen Set", 1_200, 7_900),
                    new Noun("Desk Organizer", 1_900, 5_900), new Noun("Monitor Stand", 3_900, 12_900),
                    new Noun("Office Chair", 14_900, 59_900))),
            new Category("HOM", List.of("Linen", "Cotton", "Wool", "Ceramic", "Glass", "Brass", "Rattan"), List.of(
                    new Noun("Throw Blanket", 3_900, 14_900), new Noun("Cushion", 1_900, 5_900), new Noun("Candle", 900, 3_900),
                    new Noun("Vase", 1_900, 8_900), new Noun("Wall Clock", 2_900, 11_900), new Noun("Picture Frame", 1_200, 4_900))),
            new Category("OUT", List.of("Canvas", "Nylon", "Steel", "Waxed Cotton", "Cedar"), List.of(
                    new Noun("Backpack", 4_900, 19_900), new Noun("Water Bottle", 1_500, 4_500),
                    new Noun("Camping Lantern", 2_500, 8_900), new Noun("Hammock", 4_900, 15_900),
                    new Noun("Picnic Blanket", 2_900, 8_900))),
            new Category("TEC", List.of("Graphite", "Silver", "Sage", "Midnight", "Sand", "Arctic White"), List.of(
                    new Noun("USB-C Hub", 2_900, 9_900), new Noun("Wireless Charger", 1_900, 6_900),
                    new Noun("Bluetooth Speaker", 3_900, 24_900), new Noun("Headphones", 4_900, 34_900),
                    new Noun("Keyboard", 3_900, 17_900), new Noun("Mouse", 1_900, 8_900))));

    static final List<String> MAIL_DOMAINS = List.of("example.com", "example.org", "example.net");

    static <T> T pick(Random random, List<T> words) {
        return words.get(random.nextInt(words.size()));
    }

    static String company(Random random) {
        String name = pick(random, COMPANY_STEMS) + " " + pick(random, COMPANY_KINDS);
        String suffix = pick(random, COMPANY_SUFFIXES);
        return suffix.isEmpty() ? name : name + " " + suffix;
    }

    /** Lower-case ASCII letters, digits and single dashes: "Blue Harbor Trading Ltd" → "blue-harbor-trading-ltd". */
    static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    static String phone(Random random) {
        return random.nextBoolean()
                ? "+44 20 7946 0%03d".formatted(random.nextInt(1000))
                : "+1 202 555 01%02d".formatted(random.nextInt(100));
    }
}
