"""Presentation in one house style: numbers to words (`text`), sentences as data (`statements`),
tables and charts (`show`, `plots`), the headline strip (`headline`)."""
