"""Torju: the information system of Finland's work against human trafficking."""
