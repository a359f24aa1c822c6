package dev.brisk.bench.generate;

/** Word lists for names, companies and products: plain ASCII, realistic enough for trigram search. */
public final class Words {

    public static final String[] FIRST = {
        "Ada", "Alan", "Alice", "Amir", "Anna", "Arjun", "Astrid", "Ben", "Bianca", "Boris", "Carla", "Carlos",
        "Chen", "Chloe", "Clara", "Daniel", "David", "Diana", "Dmitri", "Elena", "Elif", "Emma", "Erik", "Eva",
        "Fatima", "Felix", "Finn", "Frida", "Gabriel", "Grace", "Hana", "Hannah", "Hugo", "Ines", "Isaac",
        "Ivan", "Jakob", "James", "Jana", "Jonas", "Julia", "Kai", "Karim", "Kenji", "Lars", "Laura", "Lea",
        "Leon", "Lina", "Lucas", "Luis", "Maja", "Marco", "Maria", "Mateo", "Mei", "Mia", "Milan", "Nadia",
        "Noah", "Nora", "Olga", "Omar", "Oscar", "Paula", "Pedro", "Priya", "Rafael", "Rosa", "Ruth", "Sami",
        "Sara", "Sofia", "Stefan", "Tariq", "Theo", "Tomas", "Uma", "Victor", "Vera", "Wei", "Yara", "Yusuf",
        "Zoe"
    };

    public static final String[] LAST = {
        "Adams", "Alvarez", "Andersen", "Bauer", "Becker", "Bennett", "Berg", "Brooks", "Castro", "Chen",
        "Costa", "Dahl", "Diaz", "Dubois", "Eriksson", "Fischer", "Fontaine", "Garcia", "Gonzalez", "Gupta",
        "Hansen", "Hartmann", "Hoffmann", "Ibrahim", "Ivanova", "Jansen", "Jensen", "Kaur", "Keller", "Khan",
        "Kim", "Klein", "Kowalski", "Kruger", "Larsen", "Laurent", "Lee", "Lopez", "Martin", "Meyer", "Moreau",
        "Muller", "Murphy", "Nakamura", "Nguyen", "Nielsen", "Novak", "Okafor", "Olsen", "Ortiz", "Patel",
        "Perez", "Petrov", "Ramos", "Richter", "Rossi", "Russo", "Sato", "Schmidt", "Schneider", "Silva",
        "Singh", "Smith", "Sorensen", "Suzuki", "Tanaka", "Torres", "Wagner", "Walsh", "Weber", "Wong",
        "Yilmaz", "Zhang", "Zimmermann"
    };

    public static final String[] COMPANY_A = {
        "Acme", "Alpine", "Atlas", "Aurora", "Beacon", "Blue", "Bright", "Cedar", "Clear", "Coastal", "Copper",
        "Crown", "Delta", "Eagle", "Evergreen", "Falcon", "First", "Golden", "Granite", "Green", "Harbor",
        "Horizon", "Iron", "Juniper", "Keystone", "Lakeside", "Maple", "Meridian", "Nordic", "North", "Oak",
        "Orbit", "Pacific", "Pine", "Pioneer", "Prime", "Quantum", "Red", "River", "Silver", "Summit", "Sun",
        "Terra", "Union", "Vertex", "West", "Willow", "Zenith"
    };

    public static final String[] COMPANY_B = {
        "Analytics", "Bakery", "Builders", "Cafe", "Consulting", "Design", "Dynamics", "Electric", "Foods",
        "Freight", "Games", "Health", "Industries", "Labs", "Logistics", "Media", "Motors", "Outfitters",
        "Partners", "Pharma", "Print", "Retail", "Robotics", "Software", "Studio", "Supply", "Systems",
        "Textiles", "Trading", "Travel", "Ventures", "Works"
    };

    public static final String[] COMPANY_SUFFIX = {"Ltd", "GmbH", "Inc", "LLC", "SA", "BV", "AB", "Co"};

    public static final String[] PRODUCT_ADJ = {
        "Classic", "Compact", "Deluxe", "Eco", "Ergonomic", "Essential", "Heavy", "Large", "Light", "Mini",
        "Modern", "Portable", "Premium", "Pro", "Rugged", "Slim", "Smart", "Solid", "Standard", "Ultra",
        "Vintage", "Wireless"
    };

    public static final String[] PRODUCT_MATERIAL = {
        "Aluminum", "Bamboo", "Canvas", "Carbon", "Ceramic", "Concrete", "Copper", "Cotton", "Glass",
        "Granite", "Leather", "Linen", "Marble", "Oak", "Paper", "Plastic", "Rubber", "Silk", "Steel", "Walnut",
        "Wool"
    };

    public static final String[] PRODUCT_NOUN = {
        "Backpack", "Bag", "Bench", "Bottle", "Bowl", "Cable", "Chair", "Charger", "Clock", "Desk", "Gloves",
        "Hat", "Headphones", "Jacket", "Keyboard", "Knife", "Lamp", "Mouse", "Mug", "Notebook", "Pen", "Plate",
        "Shirt", "Shoes", "Speaker", "Table", "Tent", "Towel", "Wallet", "Watch"
    };

    public static final String[] CURRENCIES = {"EUR", "USD", "GBP", "SEK", "CHF", "DKK", "NOK", "PLN"};

    private Words() {
    }
}
